import type { EvaluationMetrics } from '../../../shared/contracts/compare';
import type { VersionSummary } from '../../../shared/contracts/models';

export const KEY_METRICS = ['accuracy', 'macroF1', 'auc'] as const;
export type KeyMetric = (typeof KEY_METRICS)[number];

const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/** The key metrics stored on a version, each null when the version was never evaluated for it. */
export function keyMetrics(
  version: Pick<VersionSummary, 'metrics'>
): Record<KeyMetric, number | null> {
  const metrics = (version.metrics ?? {}) as Partial<EvaluationMetrics>;
  return { accuracy: num(metrics.accuracy), macroF1: num(metrics.macroF1), auc: num(metrics.auc) };
}

export const hasAnyMetric = (version: Pick<VersionSummary, 'metrics'>) =>
  Object.values(keyMetrics(version)).some((value) => value !== null);
