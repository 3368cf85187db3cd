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

const interval = z.object({ low: z.number(), high: z.number() });

/** Accuracy with each reader weighed by their standing (trust earned against trusted labels, capped per account). */
export const cappedOutcome = z.object({
  accuracy: z.number(),
  /** 95 % percentile bootstrap, whole readers resampled */
  interval,
  /** readers whose labels weigh anything: the accounts the figure rests on */
  accounts: z.number().int(),
  /** summed weight of the rows counted (a fully trusted reader's row weighs 1) */
  weight: z.number(),
});
export type CappedOutcome = z.infer<typeof cappedOutcome>;

export const variantOutcome = z.object({
  variant: z.string(),
  /** "<model>@<version>" that answered */
  served: z.string(),
  labelled: z.number().int(),
  readers: z.number().int(),
  /** pooled over every reader, every row alike: any crowd of accounts moves it (see `capped`) */
  accuracy: z.number(),
  /** 95 % percentile bootstrap, whole readers resampled */
  interval,
  /** how many accounts the capped figure rests on (0: none weighs anything yet) */
  accounts: z.number().int(),
  /** the figure to judge a challenger by: readers counted as in training; null when no reader weighs anything */
  capped: cappedOutcome.nullable(),
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
