import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { slugParams } from '../../../shared/contracts/models';
import { monitoringQuery, monitoringThresholdsBody } from '../../../shared/contracts/monitoring';
import { retrainingPolicyBody } from '../../../shared/contracts/retraining';
import { actorFromContext } from '../principals';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

/** A model's monitoring (admin): its days' figures and alerts, the thresholds that raise them, and its retraining policy. */
export const createMonitoringActions = ({ strapi }: { strapi: Core.Strapi }) => ({
  async report(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const { days } = validate(monitoringQuery, ctx.query ?? {});
    return { data: await getService(strapi, 'monitoring').report(slug, days), meta: {} };
  },

  async setThresholds(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const { data } = validate(monitoringThresholdsBody, ctx.request.body ?? {});
    return { data: await getService(strapi, 'monitoring').setThresholds(slug, data), meta: {} };
  },

  async retraining(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    return { data: await getService(strapi, 'retraining').report(slug), meta: {} };
  },

  async setRetraining(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const { data } = validate(retrainingPolicyBody, ctx.request.body ?? {});
    const by = actorFromContext(ctx).name;
    return { data: await getService(strapi, 'retraining').setPolicy(slug, data, by), meta: {} };
  },

  async checkRetraining(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    return { data: { decision: await getService(strapi, 'retraining').checkSlug(slug) }, meta: {} };
  },
});
