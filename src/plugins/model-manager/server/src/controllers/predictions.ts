import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { slugParams } from '../../../shared/contracts/models';
import { predictBody } from '../../../shared/contracts/predict';
import { actorFromContext, actorKey, mayReadAllVersions, readerId } from '../principals';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

export const createPredictionsActions = ({ strapi }: { strapi: Core.Strapi }) => ({
  async create(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const input = validate(predictBody, ctx.request.body);
    const mayReadAll = input.version !== undefined && (await mayReadAllVersions(strapi, ctx));
    // A reader (users-permissions JWT) may have a personal model; every caller draws challengers by its own key.
    const caller = { mayReadAll, userId: readerId(ctx), key: actorKey(actorFromContext(ctx)) };
    return await getService(strapi, 'predictions').predict(slug, input, caller);
  },
});
