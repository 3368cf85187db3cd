import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { slugParams } from '../../../shared/contracts/models';
import { shadowBody } from '../../../shared/contracts/outcomes';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

export const createOutcomesActions = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Admin: accuracy per variant of readers' predictions they later labelled, with 95 % intervals. */
  async find(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const model = await getService(strapi, 'models').requireModel(slug);
    return { data: await getService(strapi, 'outcomes').report(model), meta: {} };
  },

  /** Admin: the version scored beside every request of the model (logged, never returned), or none. */
  async shadow(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const { data } = validate(shadowBody, ctx.request.body);
    const model = await getService(strapi, 'models').requireModel(slug);
    return {
      data: await getService(strapi, 'outcomes').setShadow(model, data.version),
      meta: {},
    };
  },
});
