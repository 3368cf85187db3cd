import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { UIDS } from '../../../shared/constants';
import { articleParams } from '../../../shared/contracts/articles';
import type { Prediction } from '../../../shared/contracts/predict';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

/** The model articles are scored by: the demo app's PARTISAN_MODEL_SLUG. */
const partisanModelSlug = () => process.env.PARTISAN_MODEL_SLUG ?? 'partisan';

/** What the Content Manager's side panel shows for an Article: its prediction, explained, now. */
const createArticlesController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async prediction(ctx: Context) {
    const { documentId } = validate(articleParams, ctx.params);
    const article = await strapi.documents(UIDS.article).findOne({ documentId, fields: ['title', 'body', 'partisanTag', 'predictedBy'] });
    if (!article) throw new errors.NotFoundError(`No article ${documentId}`, { documentId });
    const text = `${article.title ?? ''}\n\n${article.body ?? ''}`;
    const { data, meta } = await getService(strapi, 'predictions').predict(partisanModelSlug(), { text, explain: true }, { mayReadAll: false });
    ctx.body = {
      data: { documentId, text, tag: article.partisanTag ?? null, predictedBy: article.predictedBy ?? null, prediction: data as Prediction },
      meta,
    };
  },
});

export default createArticlesController;
