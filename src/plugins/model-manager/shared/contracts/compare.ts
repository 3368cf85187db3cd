import { z } from 'zod';

/** Evaluation of one version on a model's evaluation set (stored on the version as `metrics`). */
export interface EvaluationMetrics {
  dataset: string;
  size: number;
  labels: string[];
  accuracy: number;
  macroF1: number;
  /** ROC AUC of the positive (second) class; binary models only */
  auc: number | null;
  /** rows: true label, columns: predicted label, both in `labels` order */
  confusion: number[][];
  perClass: Array<{ label: string; precision: number; recall: number; f1: number; support: number }>;
  /**
   * Expected calibration error of the top label: 10 equal-width confidence bins over [0, 1],
   * sum of (bin share) * |accuracy - mean confidence|. Absent on metrics stored before it existed.
   */
  ece?: number;
  /** Brier score: mean of sum over classes of (p - outcome)^2, halved (scikit-learn's for two classes). */
  brier?: number;
  /** The 10 bins behind `ece`: what a reliability diagram draws. */
  reliability?: ReliabilityBin[];
  /** Which data the figures come from: "evaluation set" (the model's), or "held-out split" of the training data. */
  evaluation?: 'evaluation set' | 'held-out split';
}

/** One confidence bin: [lower, upper), the last closed. */
export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** null when the bin is empty */
  confidence: number | null;
  accuracy: number | null;
}

/** Metrics that carry intervals in a comparison, and which way is better. */
export const INTERVAL_METRICS = ['accuracy', 'macroF1', 'auc', 'ece', 'brier'] as const;
export type IntervalMetric = (typeof INTERVAL_METRICS)[number];
export const HIGHER_IS_BETTER: Record<IntervalMetric, boolean> = { accuracy: true, macroF1: true, auc: true, ece: false, brier: false };

/** A figure with its 95 % bootstrap interval; all null where undefined (an AUC of a multi-class model). */
export interface Estimate {
  value: number | null;
  low: number | null;
  high: number | null;
}

/** A candidate-minus-baseline difference: significant only when its interval excludes zero. */
export interface Difference extends Estimate {
  significant: boolean;
}

export interface ComparisonIntervals {
  method: 'percentile bootstrap';
  level: 0.95;
  resamples: number;
  seed: number;
  /** The evaluation rows' group field when whole groups were resampled (cluster bootstrap), else null. */
  groupedBy: string | null;
  /** Number of groups resampled, or null when rows were drawn singly. */
  groups: number | null;
  candidate: Record<IntervalMetric, Estimate>;
  baseline: Record<IntervalMetric, Estimate> | null;
  /** Paired: both versions scored on the same resampled rows. */
  difference: Record<IntervalMetric, Difference> | null;
  /** F1 of each class (comparison `labels`), the same three ways. */
  perClassF1: Record<string, { candidate: Estimate; baseline: Estimate | null; difference: Difference | null }>;
}

export const compareQuery = z
  .object({ candidate: z.coerce.number().int().positive(), baseline: z.coerce.number().int().positive().optional() })
  .strict();

/** `GET /model-manager/models/:slug/compare?candidate=N[&baseline=M]` (baseline defaults to production). */
export interface Comparison {
  dataset: string;
  size: number;
  labels: string[];
  candidate: { number: number; metrics: EvaluationMetrics };
  baseline: { number: number; metrics: EvaluationMetrics } | null;
  /** evaluation examples whose predicted label differs between the two versions (at most 100) */
  flips: Array<{ text: string; truth: string; candidate: string; baseline: string }>;
  /** 95 % bootstrap intervals of every metric and of every difference */
  intervals: ComparisonIntervals;
}
