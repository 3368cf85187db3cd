import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { compareQuery } from '../../../shared/contracts/compare';
import { slugParams } from '../../../shared/contracts/models';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

export const createEvaluationActions = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** `GET /models/:slug/compare?candidate=N[&baseline=M]`: both versions scored on the evaluation set. */
  async compare(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const { candidate, baseline } = validate(compareQuery, ctx.query);
    return {
      data: await getService(strapi, 'evaluation').compare(slug, candidate, baseline),
      meta: {},
    };
  },
});
