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
}
