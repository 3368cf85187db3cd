import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { slugParams } from '../../../shared/contracts/models';
import { challengeBody, transitionBody, versionParams } from '../../../shared/contracts/versions';
import { actorFromContext } from '../utils/actor';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

/** Lifecycle verbs on versions; which of them a caller reaches is decided by the routes. */
const createLifecycleController = ({ strapi }: { strapi: Core.Strapi }) => {
  const registry = () => getService(strapi, 'registry');

  const transition = (action: 'submit' | 'approve' | 'reject' | 'archive') => async (ctx: Context) => {
    const { slug, number } = validate(versionParams, ctx.params);
    const { data } = validate(transitionBody, ctx.request.body ?? {});
    ctx.body = { data: await registry().transition(slug, number, action, { actor: actorFromContext(ctx), comment: data.comment }), meta: {} };
  };

  return {
    submit: transition('submit'),
    approve: transition('approve'),
    reject: transition('reject'),
    archive: transition('archive'),

    async challenge(ctx: Context) {
      const { slug, number } = validate(versionParams, ctx.params);
      const { data } = validate(challengeBody, ctx.request.body);
      const options = { actor: actorFromContext(ctx), comment: data.comment, trafficShare: data.trafficShare };
      ctx.body = { data: await registry().transition(slug, number, 'challenge', options), meta: {} };
    },

    async promote(ctx: Context) {
      const { slug, number } = validate(versionParams, ctx.params);
      const { data } = validate(transitionBody, ctx.request.body ?? {});
      ctx.body = { data: await registry().promote(slug, number, { actor: actorFromContext(ctx), comment: data.comment }), meta: {} };
    },

    async rollback(ctx: Context) {
      const { slug } = validate(slugParams, ctx.params);
      const { data } = validate(transitionBody, ctx.request.body ?? {});
      ctx.body = { data: await registry().rollback(slug, { actor: actorFromContext(ctx), comment: data.comment }), meta: {} };
    },

    async audit(ctx: Context) {
      const { slug } = validate(slugParams, ctx.params);
      ctx.body = { data: await registry().auditTrail(slug), meta: {} };
    },
  };
};

export default createLifecycleController;
