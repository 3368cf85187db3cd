import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { UIDS } from '../../../shared/constants';
import { createFeedbackBody, listFeedbackQuery } from '../../../shared/contracts/feedback';
import { slugParams } from '../../../shared/contracts/models';
import { DEFAULT_DATASET, subjectKeyOf } from '../services/feedback';
import { actorFromContext, actorKey } from '../utils/actor';
import { readerId } from '../utils/caller';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

const createFeedbackController = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** A reader or editor suggests a label; the same person on the same subject updates their entry. */
  async create(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const { data } = validate(createFeedbackBody, ctx.request.body);
    const model = await getService(strapi, 'models').requireModel(slug);
    let article: { title?: string; body?: string } | null = null;
    if (data.article) {
      article = (await strapi.documents(UIDS.article).findOne({ documentId: data.article })) as { title?: string; body?: string } | null;
      if (!article) throw new errors.NotFoundError(`No article ${data.article}`, { field: 'article' });
    }
    const actor = actorFromContext(ctx);
    const { entry, created } = await getService(strapi, 'feedback').give(model, {
      text: data.text,
      articleDocumentId: data.article,
      label: data.label,
      predictedLabel: data.predictedLabel,
      predictedVersion: data.version,
      giverKey: actorKey(actor),
      userId: actor.kind === 'user' ? Number(actor.id) : null,
      source: actor.kind === 'admin' ? 'editor' : 'reader',
      dataset: DEFAULT_DATASET,
    });
    // A reader's label also steps their personal model, before the 201: their next predict reflects it.
    const reader = readerId(ctx);
    const text = article ? `${article.title ?? ''}\n\n${article.body ?? ''}` : (data.text ?? '');
    const personal = reader === null ? null : await getService(strapi, 'personal-models').learn(model, reader, { text, label: data.label, feedbackDocumentId: entry.documentId });
    if (reader !== null) await getService(strapi, 'outcomes').label(model.id, `user:${reader}`, subjectKeyOf({ text: data.text, articleDocumentId: data.article }), data.label);
    ctx.status = 201;
    ctx.body = { data: entry, meta: personal ? { updated: !created, personal } : { updated: !created } };
  },

  async find(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const query = validate(listFeedbackQuery, ctx.query);
    const model = await getService(strapi, 'models').requireModel(slug);
    const { entries, pagination, stats } = await getService(strapi, 'feedback').list(model, query);
    ctx.body = { data: entries, meta: { pagination, stats } };
  },
});

export default createFeedbackController;
