import { z } from '@strapi/utils';
import type { Actor } from './models';

/** One row of a model's deployment history: a champion or challenger starting or stopping. */
export interface Deployment {
  id: number;
  version: number;
  role: 'champion' | 'challenger';
  event: 'start' | 'stop';
  /** promote | rollback | challenge | archive */
  cause: string;
  trafficShare: number | null;
  actor: Actor | null;
  at: string;
}

/** What served a model at an instant: the champion deployment then, and the challengers. */
export interface ServedAt {
  at: string;
  champion: Deployment | null;
  challengers: Deployment[];
}

/** Query of `GET /models/:slug/served-at`: an ISO instant (default: now). */
export const servedAtQuery = z
  .object({
    at: z
      .string()
      .max(40)
      .refine((value) => !Number.isNaN(Date.parse(value)), 'an ISO date-time, e.g. 2026-12-01T10:00:00Z')
      .optional(),
  })
  .strict();

export namespace Deployments {
  export interface HistoryResponse {
    data: Deployment[];
  }
  export interface ServedAtResponse {
    data: ServedAt;
  }
}
