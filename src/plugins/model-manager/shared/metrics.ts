/**
 * Metrics that carry intervals in a comparison, and which way is better. Free of zod (and of
 * anything that needs Node), so the admin bundle can import it as a value.
 */
export const INTERVAL_METRICS = ['accuracy', 'macroF1', 'auc', 'ece', 'brier'] as const;
export type IntervalMetric = (typeof INTERVAL_METRICS)[number];
export const HIGHER_IS_BETTER: Record<IntervalMetric, boolean> = {
  accuracy: true,
  macroF1: true,
  auc: true,
  ece: false,
  brier: false,
};
