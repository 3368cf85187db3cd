import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { servedAtQuery } from '../../../shared/contracts/deployments';
import { slugParams } from '../../../shared/contracts/models';
import { promoteBody } from '../../../shared/contracts/promotion';
import { challengeBody, transitionBody, versionParams } from '../../../shared/contracts/versions';
import { actorFromContext } from '../principals';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

/** The content API promotes approved versions only (API.md); editors may also re-promote in the admin. */
const isContentApi = (ctx: Context) =>
  (ctx.state?.route as { info?: { type?: string } } | undefined)?.info?.type === 'content-api';

/** Lifecycle verbs on versions; which of them a caller reaches is decided by the routes. */
const createLifecycleController = ({ strapi }: { strapi: Core.Strapi }) => {
  const lifecycle = () => getService(strapi, 'lifecycle');

  const transition =
    (action: 'submit' | 'approve' | 'reject' | 'archive') => async (ctx: Context) => {
      const { slug, number } = validate(versionParams, ctx.params);
      const { data } = validate(transitionBody, ctx.request.body ?? {});
      ctx.body = {
        data: await lifecycle().transition(slug, number, action, {
          actor: actorFromContext(ctx),
          comment: data.comment,
        }),
        meta: {},
      };
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
      ctx.body = {
        data: await lifecycle().transition(slug, number, 'challenge', options),
        meta: {},
      };
    },

    async promote(ctx: Context) {
      const { slug, number } = validate(versionParams, ctx.params);
      const { data } = validate(promoteBody, ctx.request.body ?? {});
      const onlyFrom = isContentApi(ctx) ? (['approved'] as const) : undefined;
      const options = {
        actor: actorFromContext(ctx),
        comment: data.comment,
        reason: data.reason,
        onlyFrom,
      };
      ctx.body = { data: await lifecycle().promote(slug, number, options), meta: {} };
    },

    async promotionCheck(ctx: Context) {
      const { slug, number } = validate(versionParams, ctx.params);
      ctx.body = { data: await getService(strapi, 'promotion-gate').check(slug, number), meta: {} };
    },

    async rollback(ctx: Context) {
      const { slug } = validate(slugParams, ctx.params);
      const { data } = validate(transitionBody, ctx.request.body ?? {});
      ctx.body = {
        data: await lifecycle().rollback(slug, {
          actor: actorFromContext(ctx),
          comment: data.comment,
        }),
        meta: {},
      };
    },

    async rollbackTarget(ctx: Context) {
      const { slug } = validate(slugParams, ctx.params);
      ctx.body = { data: await lifecycle().rollbackTarget(slug), meta: {} };
    },

    async audit(ctx: Context) {
      const { slug } = validate(slugParams, ctx.params);
      ctx.body = { data: await lifecycle().auditTrail(slug), meta: {} };
    },

    async deployments(ctx: Context) {
      const { slug } = validate(slugParams, ctx.params);
      ctx.body = { data: await lifecycle().deploymentHistory(slug), meta: {} };
    },

    async servedAt(ctx: Context) {
      const { slug } = validate(slugParams, ctx.params);
      const { at } = validate(servedAtQuery, ctx.query);
      ctx.body = {
        data: await lifecycle().servedAt(slug, at ? new Date(at) : new Date()),
        meta: {},
      };
    },
  };
};

export default createLifecycleController;
