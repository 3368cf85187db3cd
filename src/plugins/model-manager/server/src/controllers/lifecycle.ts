import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { servedAtQuery } from '../../../shared/contracts/deployments';
import { slugParams } from '../../../shared/contracts/models';
import { promoteBody } from '../../../shared/contracts/promotion';
import { challengeBody, transitionBody, versionParams } from '../../../shared/contracts/versions';
import { actorFromContext } from '../principals';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

/** Lifecycle verbs on versions; which of them a caller reaches is decided by the routes. */
export const createLifecycleActions = ({ strapi }: { strapi: Core.Strapi }) => {
  const lifecycle = () => getService(strapi, 'lifecycle');

  const transition =
    (action: 'submit' | 'approve' | 'reject' | 'archive') => async (ctx: Context) => {
      const { slug, number } = validate(versionParams, ctx.params);
      const { data } = validate(transitionBody, ctx.request.body ?? {});
      return {
        data: await lifecycle().transition(slug, number, action, {
          actor: actorFromContext(ctx),
          comment: data.comment,
        }),
        meta: {},
      };
    };

  const promote = (onlyFrom?: readonly ['approved']) => async (ctx: Context) => {
    const { slug, number } = validate(versionParams, ctx.params);
    const { data } = validate(promoteBody, ctx.request.body ?? {});
    const options = {
      actor: actorFromContext(ctx),
      comment: data.comment,
      reason: data.reason,
      onlyFrom,
    };
    return { data: await lifecycle().promote(slug, number, options), meta: {} };
  };

  return {
    submit: transition('submit'),
    approve: transition('approve'),
    reject: transition('reject'),
    archive: transition('archive'),

    async challenge(ctx: Context) {
      const { slug, number } = validate(versionParams, ctx.params);
      const { data } = validate(challengeBody, ctx.request.body);
      const options = {
        actor: actorFromContext(ctx),
        comment: data.comment,
        trafficShare: data.trafficShare,
      };
      return {
        data: await lifecycle().transition(slug, number, 'challenge', options),
        meta: {},
      };
    },

    /** The admin's promote: editors may also re-promote a version that served before. */
    promote: promote(),
    /** The content API promotes approved versions only (docs/api.md). */
    promoteApproved: promote(['approved'] as const),

    async promotionCheck(ctx: Context) {
      const { slug, number } = validate(versionParams, ctx.params);
      return { data: await getService(strapi, 'promotion-gate').check(slug, number), meta: {} };
    },

    async rollback(ctx: Context) {
      const { slug } = validate(slugParams, ctx.params);
      const { data } = validate(transitionBody, ctx.request.body ?? {});
      return {
        data: await lifecycle().rollback(slug, {
          actor: actorFromContext(ctx),
          comment: data.comment,
        }),
        meta: {},
      };
    },

    async rollbackTarget(ctx: Context) {
      const { slug } = validate(slugParams, ctx.params);
      return { data: await lifecycle().rollbackTarget(slug), meta: {} };
    },

    async audit(ctx: Context) {
      const { slug } = validate(slugParams, ctx.params);
      return { data: await lifecycle().auditTrail(slug), meta: {} };
    },

    async deployments(ctx: Context) {
      const { slug } = validate(slugParams, ctx.params);
      return { data: await lifecycle().deploymentHistory(slug), meta: {} };
    },

    async servedAt(ctx: Context) {
      const { slug } = validate(slugParams, ctx.params);
      const { at } = validate(servedAtQuery, ctx.query);
      return {
        data: await lifecycle().servedAt(slug, at ? new Date(at) : new Date()),
        meta: {},
      };
    },
  };
};
