import { z } from '@strapi/utils';
import { emptyMeta, envelope } from './envelope';

/** Admin `POST /models/:slug/shadow`: the version to score beside every request, or null for none. */
export const shadowBody = z
  .object({ data: z.object({ version: z.number().int().positive().nullable() }).strict() })
  .strict();
export const shadowResponse = envelope(
  z.object({ model: z.string(), shadow: z.number().int().nullable() }),
  emptyMeta
);

export const variantOutcome = z.object({
  variant: z.string(),
  /** "<model>@<version>" that answered */
  served: z.string(),
  labelled: z.number().int(),
  readers: z.number().int(),
  accuracy: z.number(),
  /** 95 % percentile bootstrap, whole readers resampled */
  interval: z.object({ low: z.number(), high: z.number() }),
});

export const outcomesResponse = envelope(
  z.object({
    variants: z.array(variantOutcome),
    shadow: z.object({
      version: z.number().int().nullable(),
      scored: z.number().int(),
      agreed: z.number().int(),
      failed: z.number().int(),
    }),
  }),
  emptyMeta
);
export type VariantOutcome = z.infer<typeof variantOutcome>;
export type Outcomes = z.infer<typeof outcomesResponse>['data'];
