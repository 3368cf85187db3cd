import { z } from '@strapi/utils';
import { HIGHER_IS_BETTER, INTERVAL_METRICS, type IntervalMetric } from '../metrics';
import { emptyMeta, envelope } from './envelope';

/** One confidence bin: [lower, upper), the last closed. */
export const reliabilityBin = z.object({
  lower: z.number(),
  upper: z.number(),
  count: z.number().int(),
  /** null when the bin is empty */
  confidence: z.number().nullable(),
  accuracy: z.number().nullable(),
});
export type ReliabilityBin = z.infer<typeof reliabilityBin>;

/** Evaluation of one version on a model's evaluation set (stored on the version as `metrics`). */
export const evaluationMetrics = z.object({
  dataset: z.string(),
  size: z.number().int(),
  labels: z.array(z.string()),
  accuracy: z.number(),
  macroF1: z.number(),
  /** ROC AUC of the positive (second) class; binary models only */
  auc: z.number().nullable(),
  /** rows: true label, columns: predicted label, both in `labels` order */
  confusion: z.array(z.array(z.number().int())),
  perClass: z.array(
    z.object({
      label: z.string(),
      precision: z.number(),
      recall: z.number(),
      f1: z.number(),
      support: z.number().int(),
    })
  ),
  /**
   * Expected calibration error of the top label: 10 equal-width confidence bins over [0, 1],
   * sum of (bin share) * |accuracy - mean confidence|. Absent on metrics stored before it existed.
   */
  ece: z.number().optional(),
  /** Brier score: mean of sum over classes of (p - outcome)^2, halved (scikit-learn's for two classes). */
  brier: z.number().optional(),
  /** The 10 bins behind `ece`: what a reliability diagram draws. */
  reliability: z.array(reliabilityBin).optional(),
  /** Which data the figures come from: "evaluation set" (the model's), or "held-out split" of the training data. */
  evaluation: z.enum(['evaluation set', 'held-out split']).optional(),
});
export type EvaluationMetrics = z.infer<typeof evaluationMetrics>;

export { HIGHER_IS_BETTER, INTERVAL_METRICS, type IntervalMetric };

/** A figure with its 95 % bootstrap interval; all null where undefined (an AUC of a multi-class model). */
export const estimate = z.object({
  value: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});
export type Estimate = z.infer<typeof estimate>;

/** A candidate-minus-baseline difference: significant only when its interval excludes zero. */
export const difference = estimate.extend({ significant: z.boolean() });
export type Difference = z.infer<typeof difference>;

const perMetric = <T extends z.ZodType>(value: T) =>
  z.object(
    Object.fromEntries(INTERVAL_METRICS.map((m) => [m, value])) as Record<IntervalMetric, T>
  );

export const comparisonIntervals = z.object({
  method: z.literal('percentile bootstrap'),
  level: z.literal(0.95),
  resamples: z.number().int(),
  seed: z.number().int(),
  /** The evaluation rows' group field when whole groups were resampled (cluster bootstrap), else null. */
  groupedBy: z.string().nullable(),
  /** Number of groups resampled, or null when rows were drawn singly. */
  groups: z.number().int().nullable(),
  candidate: perMetric(estimate),
  baseline: perMetric(estimate).nullable(),
  /** Paired: both versions scored on the same resampled rows. */
  difference: perMetric(difference).nullable(),
  /** F1 of each class (comparison `labels`), the same three ways. */
  perClassF1: z.record(
    z.string(),
    z.object({
      candidate: estimate,
      baseline: estimate.nullable(),
      difference: difference.nullable(),
    })
  ),
});
export type ComparisonIntervals = z.infer<typeof comparisonIntervals>;

export const compareQuery = z
  .object({
    candidate: z.coerce.number().int().positive(),
    baseline: z.coerce.number().int().positive().optional(),
  })
  .strict();

const scored = z.object({ number: z.number().int(), metrics: evaluationMetrics });

/** `GET /model-manager/models/:slug/compare?candidate=N[&baseline=M]` (baseline defaults to production). */
export const comparison = z.object({
  dataset: z.string(),
  size: z.number().int(),
  labels: z.array(z.string()),
  candidate: scored,
  baseline: scored.nullable(),
  /** evaluation examples whose predicted label differs between the two versions (at most 100) */
  flips: z.array(
    z.object({ text: z.string(), truth: z.string(), candidate: z.string(), baseline: z.string() })
  ),
  /** every flip counted (not only the listed ones), by who was right; null without a baseline */
  flipCounts: z
    .object({
      total: z.number().int(),
      candidateRight: z.number().int(),
      baselineRight: z.number().int(),
      bothWrong: z.number().int(),
    })
    .nullable(),
  /** 95 % bootstrap intervals of every metric and of every difference */
  intervals: comparisonIntervals,
});
export type Comparison = z.infer<typeof comparison>;

export const compareResponse = envelope(comparison, emptyMeta);
