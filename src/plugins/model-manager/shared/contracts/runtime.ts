import { z } from '@strapi/utils';

/** `GET /runtime` → `prewarm`: served versions loaded ahead of their first request (services/serving/prewarm.ts). */
export const prewarmReport = z.object({
  enabled: z.boolean(),
  /** a background pass is under way */
  running: z.boolean(),
  /** distinct artifacts serving now (champions, challengers; shadows as the last pass read them), and how many are loaded */
  served: z.number().int(),
  warm: z.number().int(),
  /** the last pass stopped because the session cache had no room for another */
  full: z.boolean(),
  /** loads made by prewarming since boot, and loads that failed */
  loaded: z.number().int(),
  failed: z.number().int(),
});
export type PrewarmReport = z.infer<typeof prewarmReport>;
