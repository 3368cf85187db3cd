import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import {
  createCollectiveBody,
  followBody,
  roleDefaultBody,
} from '../../../shared/contracts/collective';
import { slugParams } from '../../../shared/contracts/models';
import { actorFromContext, readerId } from '../principals';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

export const createCollectiveActions = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Admin: an editor creates a collective model over a base model with its members. */
  async create(ctx: Context) {
    const { data } = validate(createCollectiveBody, ctx.request.body);
    ctx.status = 201;
    return {
      data: await getService(strapi, 'collective-models').create(data, actorFromContext(ctx)),
      meta: {},
    };
  },

  /** Admin: the members' agreement on the labels a training run would use now. */
  async findOne(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const model = await getService(strapi, 'models').requireModel(slug);
    return { data: await getService(strapi, 'collective-models').summary(model), meta: {} };
  },

  /** A reader's setting: which collective model of this base model answers them. */
  async follow(ctx: Context) {
    const userId = readerId(ctx);
    if (userId === null)
      throw new errors.ForbiddenError(
        "Following is a reader's setting: call with the reader's own users-permissions JWT."
      );
    const { slug } = validate(slugParams, ctx.params);
    const { data } = validate(followBody, ctx.request.body);
    const base = await getService(strapi, 'models').requireModel(slug);
    return {
      data: await getService(strapi, 'collective-models').follow(userId, base, data.collective),
      meta: {},
    };
  },

  /** Admin: which collective model each users-permissions role follows on this base model by default. */
  async roleDefaults(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const base = await getService(strapi, 'models').requireModel(slug);
    return { data: await getService(strapi, 'role-defaults').list(base), meta: {} };
  },

  /** Admin: sets or clears a role's default; a reader's own setting still wins. */
  async setRoleDefault(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const { data } = validate(roleDefaultBody, ctx.request.body);
    const base = await getService(strapi, 'models').requireModel(slug);
    return {
      data: await getService(strapi, 'collective-models').setRoleDefault(
        base,
        data.role,
        data.collective
      ),
      meta: {},
    };
  },
});
