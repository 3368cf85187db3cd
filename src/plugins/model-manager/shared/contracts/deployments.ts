import { z } from '@strapi/utils';
import { emptyMeta, envelope } from './envelope';
import { actor } from './models';

/** One row of a model's deployment history: a champion or challenger starting or stopping. */
export const deployment = z.object({
  id: z.number().int(),
  version: z.number().int(),
  role: z.enum(['champion', 'challenger']),
  event: z.enum(['start', 'stop']),
  /** promote | rollback | challenge | archive */
  cause: z.string(),
  trafficShare: z.number().nullable(),
  actor: actor.nullable(),
  at: z.string(),
});
export type Deployment = z.infer<typeof deployment>;

/** What served a model at an instant: the champion deployment then, and the challengers. */
export const servedAt = z.object({
  at: z.string(),
  champion: deployment.nullable(),
  challengers: z.array(deployment),
});
export type ServedAt = z.infer<typeof servedAt>;

/** Query of `GET /models/:slug/served-at`: an ISO instant (default: now). */
export const servedAtQuery = z
  .object({
    at: z
      .string()
      .max(40)
      .refine(
        (value) => !Number.isNaN(Date.parse(value)),
        'an ISO date-time, e.g. 2026-12-01T10:00:00Z'
      )
      .optional(),
  })
  .strict();

export const deploymentHistoryResponse = envelope(z.array(deployment), emptyMeta);
export const servedAtResponse = envelope(servedAt, emptyMeta);

export namespace Deployments {
  export type HistoryResponse = z.infer<typeof deploymentHistoryResponse>;
  export type ServedAtResponse = z.infer<typeof servedAtResponse>;
}
