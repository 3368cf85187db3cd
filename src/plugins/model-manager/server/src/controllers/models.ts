import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import {
  createModelBody,
  listModelsQuery,
  slugParams,
  updateModelBody,
} from '../../../shared/contracts/models';
import { actorFromContext } from '../principals';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

/** Models' actions, served to the admin (controllers/admin.ts) and the content API (controllers/content-api.ts). */
export const createModelsActions = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    const { pagination } = validate(listModelsQuery, ctx.query);
    const { data, pagination: meta } = await getService(strapi, 'models').list(pagination);
    return { data, meta: { pagination: meta } };
  },

  async findOne(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    return { data: await getService(strapi, 'models').get(slug), meta: {} };
  },

  async create(ctx: Context) {
    const { data } = validate(createModelBody, ctx.request.body);
    ctx.status = 201;
    return {
      data: await getService(strapi, 'models').create(data, actorFromContext(ctx)),
      meta: {},
    };
  },

  async update(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const { data } = validate(updateModelBody, ctx.request.body);
    return {
      data: await getService(strapi, 'models').update(slug, data, actorFromContext(ctx)),
      meta: {},
    };
  },
});
