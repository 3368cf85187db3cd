import type { Core } from '@strapi/strapi';
import { fastPathStats } from '../fast-path';
import { getService } from '../utils/get-service';
import { pluginConfig } from '../utils/plugin-config';

/** What this instance serves from: session cache figures and the routing revision it has seen. */
export const createRuntimeActions = ({ strapi }: { strapi: Core.Strapi }) => ({
  async stats() {
    const { sessionCache, fastPath } = pluginConfig(strapi);
    return {
      data: {
        sessions: { ...getService(strapi, 'runtime').stats(), limits: sessionCache },
        routingRevision: getService(strapi, 'routing-table').revision(),
        // served versions loaded ahead of their first request (services/serving/prewarm.ts)
        prewarm: getService(strapi, 'prewarm').report(),
        fastPath: fastPath.enabled,
        // decisions the predict lane holds, per credential kind, and lookups (cache misses) so far
        fastPathDecisions: fastPathStats(strapi),
        // bytes of readers' corrections this process holds (LRU bounded by personal.cacheBytes)
        personalCache: getService(strapi, 'personal-models').cacheStats(),
        pid: process.pid,
      },
      meta: {},
    };
  },
});
