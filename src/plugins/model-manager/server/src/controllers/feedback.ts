import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { UIDS } from '../../../shared/constants';
import { createFeedbackBody, listFeedbackQuery } from '../../../shared/contracts/feedback';
import { slugParams } from '../../../shared/contracts/models';
import { DEFAULT_DATASET } from '../services/feedback';
import { actorFromContext, actorKey } from '../utils/actor';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

const createFeedbackController = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** A reader or editor suggests a label; the same person on the same subject updates their entry. */
  async create(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const { data } = validate(createFeedbackBody, ctx.request.body);
    const model = await getService(strapi, 'models').requireModel(slug);
    if (data.article) {
      const article = await strapi.documents(UIDS.article).findOne({ documentId: data.article });
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
    ctx.status = 201;
    ctx.body = { data: entry, meta: { updated: !created } };
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
