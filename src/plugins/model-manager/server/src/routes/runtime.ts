import { z } from '@strapi/utils';
import { ACTIONS } from '../../../shared/constants';
import { emptyMeta, envelope } from '../../../shared/contracts/envelope';
import { prewarmReport } from '../../../shared/contracts/runtime';
import { adminRoute, type ResourceRoutes } from './route';

const runtimeStats = envelope(
  z.object({
    sessions: z.record(z.string(), z.unknown()),
    routingRevision: z.number().int(),
    prewarm: prewarmReport,
    fastPath: z.boolean(),
    fastPathDecisions: z
      .object({
        tokens: z.object({ entries: z.number().int(), lookups: z.number().int() }),
        readers: z.object({ entries: z.number().int(), lookups: z.number().int() }),
      })
      .nullable(),
    personalCache: z.object({
      entries: z.number().int(),
      bytes: z.number().int(),
      maxBytes: z.number().int(),
      /** personal refits queued or running in the background in this process */
      queuedRefits: z.number().int(),
    }),
    pid: z.number().int(),
  }),
  emptyMeta
);

/** What this instance serves from (session cache, routing revision): operations' view. */
const routes: ResourceRoutes = {
  admin: [
    adminRoute('GET', '/runtime', 'admin-runtime.stats', ACTIONS.read, { response: runtimeStats }),
  ],
  contentApi: [],
};

export default routes;
