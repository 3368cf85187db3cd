import { z } from '@strapi/utils';
import { emptyMeta, envelope } from './envelope';

const share = z.number().min(0).max(1);

/** Thresholds of a model's monitoring: null turns a figure's alert off. */
export const monitoringThresholds = z
  .object({
    /** Jensen–Shannon divergence of the day's sampled tokens from the evaluation set's (0..1) */
    drift: share.nullable(),
    /** share of the day's answers that were undecided */
    undecided: share.nullable(),
    /** share of the day's answers on texts with no word the model knows */
    noEvidence: share.nullable(),
    /** a day is judged only once it has this many answers */
    minServed: z.number().int().min(1).max(1_000_000),
    /**
     * drift is judged only on this many sampled texts: two small samples of the same texts differ
     * by chance (30 debate texts against their own evaluation set read 0.1 to 0.3)
     */
    minSampled: z.number().int().min(1).max(1_000_000),
  })
  .strict();
export type MonitoringThresholds = z.infer<typeof monitoringThresholds>;

export const monitoringThresholdsBody = z
  .object({ data: monitoringThresholds.partial().strict() })
  .strict();

const interval = z.object({
  value: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});

export const MONITORED_FIGURES = ['drift', 'undecided', 'noEvidence'] as const;

export const monitoringDay = z.object({
  day: z.string(),
  served: z.number().int(),
  /** answers per label, summed over the cluster's instances */
  labels: z.record(z.string(), z.number().int()),
  variants: z.record(z.string(), z.number().int()),
  undecided: share.nullable(),
  noEvidence: share.nullable(),
  /** texts whose tokens were counted (a sample) */
  sampled: z.number().int(),
  drift: share.nullable(),
  /** accuracy of the day's answers that readers later labelled, with a 95 % Wilson interval */
  decay: interval.extend({ labelled: z.number().int() }),
  /** how often the shadow version's answer matched the served one, with a 95 % Wilson interval */
  shadow: interval.extend({ scored: z.number().int() }),
  /** figures of this day past their threshold */
  crossed: z.array(z.enum(MONITORED_FIGURES)),
});
export type MonitoringDay = z.infer<typeof monitoringDay>;

export const monitoringReport = z.object({
  model: z.string(),
  /** the evaluation set drift is measured against (null: no set, no drift) */
  reference: z.object({ dataset: z.string(), size: z.number().int() }).nullable(),
  thresholds: monitoringThresholds,
  /** whether the thresholds are the model's own or the configuration's */
  thresholdsFrom: z.enum(['model', 'config']),
  days: z.array(monitoringDay),
  alerts: z.array(
    z.object({
      day: z.string(),
      metric: z.string(),
      value: z.number(),
      threshold: z.number(),
      at: z.string(),
    })
  ),
});
export type MonitoringReport = z.infer<typeof monitoringReport>;

export const monitoringQuery = z
  .object({ days: z.coerce.number().int().min(1).max(366).optional() })
  .strict();
export const monitoringResponse = envelope(monitoringReport, emptyMeta);
export const monitoringThresholdsResponse = envelope(monitoringThresholds, emptyMeta);
