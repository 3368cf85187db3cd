import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import {
  createFeedbackBody,
  deleteFeedbackBody,
  deleteFeedbackQuery,
  exportFeedbackQuery,
  feedbackParams,
  importFeedbackBody,
  listFeedbackQuery,
  relabelFeedbackBody,
} from '../../../shared/contracts/feedback';
import { slugParams } from '../../../shared/contracts/models';
import { DEFAULT_DATASET } from '../services/feedback/feedback';
import { textKey } from '../subjects/subject-types';
import { rowId } from '../types/documents';
import { actorFromContext, actorKey, readerId, readerKey, mayReadReaderTexts } from '../principals';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

/** The keys of a feedback body that are not a subject alias. */
const FEEDBACK_FIELDS = ['text', 'subject', 'label', 'predictedLabel', 'version'];

export const createFeedbackActions = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** A reader or editor suggests a label; the same person on the same subject updates their entry. */
  async create(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const { data } = validate(createFeedbackBody, ctx.request.body);
    const model = await getService(strapi, 'models').requireModel(slug);
    const { text, subject } = await getService(strapi, 'subjects').fromBody(data, FEEDBACK_FIELDS);
    const actor = actorFromContext(ctx);
    const { entry, created } = await getService(strapi, 'feedback').give(model, {
      text,
      subject: subject?.ref,
      label: data.label,
      predictedLabel: data.predictedLabel,
      predictedVersion: data.version,
      giverKey: actorKey(actor),
      userId: actor.kind === 'user' ? Number(actor.id) : null,
      source: actor.kind === 'admin' ? 'editor' : 'reader',
      dataset: DEFAULT_DATASET,
    });
    // A reader's label also refits their personal model (queued by default, personal.refit): their next predict waits for it.
    const reader = readerId(ctx);
    const personal =
      reader === null
        ? null
        : await getService(strapi, 'personal-models').learn(model, reader, {
            text,
            label: data.label,
            feedbackDocumentId: entry.documentId,
          });
    if (reader !== null)
      await getService(strapi, 'outcomes').label(
        rowId(model),
        readerKey(reader),
        subject?.key ?? textKey(text),
        data.label
      );
    ctx.status = 201;
    return {
      data: entry,
      meta: personal ? { updated: !created, personal } : { updated: !created },
    };
  },

  async find(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const query = validate(listFeedbackQuery, ctx.query);
    const model = await getService(strapi, 'models').requireModel(slug);
    const { entries, pagination, stats } = await getService(strapi, 'feedback').list(
      model,
      query,
      mayReadReaderTexts(ctx)
    );
    return { data: entries, meta: { pagination, stats } };
  },

  /** An editor corrects a label (audited with the old and new one). */
  async update(ctx: Context) {
    const { slug, documentId } = validate(feedbackParams, ctx.params);
    const { data } = validate(relabelFeedbackBody, ctx.request.body);
    const model = await getService(strapi, 'models').requireModel(slug);
    return {
      data: await getService(strapi, 'feedback-editing').relabel(
        model,
        documentId,
        data,
        actorFromContext(ctx)
      ),
      meta: {},
    };
  },

  async delete(ctx: Context) {
    const { slug, documentId } = validate(feedbackParams, ctx.params);
    const { data } = validate(deleteFeedbackBody, ctx.request.body ?? {});
    const query = validate(deleteFeedbackQuery, ctx.query);
    const model = await getService(strapi, 'models').requireModel(slug);
    await getService(strapi, 'feedback-editing').remove(
      model,
      documentId,
      { comment: data?.comment ?? query.comment },
      actorFromContext(ctx)
    );
    return { data: { documentId }, meta: {} };
  },

  async givers(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const model = await getService(strapi, 'models').requireModel(slug);
    return {
      data: await getService(strapi, 'feedback-editing').givers(model, mayReadReaderTexts(ctx)),
      meta: {},
    };
  },

  /** One chunk of a file the admin parsed: all of its rows or none. */
  async import(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const { data } = validate(importFeedbackBody, ctx.request.body);
    const model = await getService(strapi, 'models').requireModel(slug);
    return { data: await getService(strapi, 'datasets').importRows(model, data), meta: {} };
  },

  async export(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const { format, ...filters } = validate(exportFeedbackQuery, ctx.query);
    const model = await getService(strapi, 'models').requireModel(slug);
    const file = await getService(strapi, 'feedback-editing').export(
      model,
      filters,
      format,
      mayReadReaderTexts(ctx)
    );
    ctx.set('Content-Disposition', `attachment; filename="${model.slug}-feedback.${format}"`);
    ctx.set('X-Exported-Rows', String(file.rows));
    if (file.truncated) ctx.set('X-Export-Truncated', 'true');
    ctx.type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';
    return file.body;
  },
});
