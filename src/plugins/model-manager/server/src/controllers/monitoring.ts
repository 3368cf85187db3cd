import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { slugParams } from '../../../shared/contracts/models';
import { monitoringQuery, monitoringThresholdsBody } from '../../../shared/contracts/monitoring';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

/** A model's monitoring (admin): its days' figures and alerts, and the thresholds that raise them. */
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
});
