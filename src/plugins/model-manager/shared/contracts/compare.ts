import { z } from '@strapi/utils';
import { emptyMeta, envelope } from './envelope';

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
    z.object({ label: z.string(), precision: z.number(), recall: z.number(), f1: z.number(), support: z.number().int() })
  ),
});
export type EvaluationMetrics = z.infer<typeof evaluationMetrics>;

export const compareQuery = z
  .object({ candidate: z.coerce.number().int().positive(), baseline: z.coerce.number().int().positive().optional() })
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
  flips: z.array(z.object({ text: z.string(), truth: z.string(), candidate: z.string(), baseline: z.string() })),
});
export type Comparison = z.infer<typeof comparison>;

export const compareResponse = envelope(comparison, emptyMeta);
