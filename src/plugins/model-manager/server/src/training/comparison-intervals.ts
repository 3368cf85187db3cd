/**
 * Bootstrap intervals of a comparison: every metric of both versions and every paired
 * difference, from the same resamples of the evaluation rows (whole groups when the rows carry
 * one). Pure: the evaluation service hands it the scored rows.
 */
import {
  INTERVAL_METRICS, type ComparisonIntervals, type Difference, type Estimate, type IntervalMetric,
} from '../../../shared/contracts/compare';
import { bootstrapIntervals, unitCounts } from '../ml/bootstrap';
import { scoredSet, weightedMetrics, type ScoredSet } from '../ml/weighted-metrics';

/** 1,000 resamples: a compare of 1,201 rows and two versions stays well under a second (bench). */
export const COMPARE_RESAMPLES = 1000;
export const COMPARE_SEED = 15;

export interface ScoredSide {
  rows: number[][];
  classLabels: string[];
}

function sideSet(truth: readonly string[], side: ScoredSide): ScoredSet {
  return scoredSet(truth.map((label) => side.classLabels.indexOf(label)), side.rows, side.classLabels.length);
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

function estimates(values: number[], intervals: { low: number; high: number }[], offset: number): Record<IntervalMetric, Estimate> {
  return Object.fromEntries(
    INTERVAL_METRICS.map((name, k) => {
      const value = finiteOrNull(values[offset + k]);
      const ci = intervals[offset + k];
      return [name, value === null ? { value, low: null, high: null } : { value, low: finiteOrNull(ci.low), high: finiteOrNull(ci.high) }];
    })
  ) as Record<IntervalMetric, Estimate>;
}

export function comparisonIntervals(
  truth: readonly string[],
  candidate: ScoredSide,
  baseline: ScoredSide | null,
  grouping: { field: string; keys: ReadonlyArray<string> } | null,
  options: { resamples?: number; seed?: number } = {}
): ComparisonIntervals {
  const resamples = options.resamples ?? COMPARE_RESAMPLES;
  const seed = options.seed ?? COMPARE_SEED;
  const sets = [candidate, ...(baseline ? [baseline] : [])].map((side) => sideSet(truth, side));
  const K = INTERVAL_METRICS.length;
  const statistic = (w: Float64Array) => {
    const perSide = sets.map((set) => weightedMetrics(set, w));
    const differences = perSide.length === 2 ? perSide[0].map((x, k) => x - perSide[1][k]) : [];
    return [...perSide.flat(), ...differences];
  };
  const point = statistic(unitCounts(truth.length));
  const intervals = bootstrapIntervals(truth.length, statistic, { resamples, seed, groups: grouping?.keys ?? null });
  let difference: Record<IntervalMetric, Difference> | null = null;
  if (baseline) {
    const raw = estimates(point, intervals, 2 * K);
    difference = Object.fromEntries(
      INTERVAL_METRICS.map((name) => {
        const d = raw[name];
        const significant = d.low !== null && d.high !== null && (d.low > 0 || d.high < 0);
        return [name, { ...d, significant }];
      })
    ) as Record<IntervalMetric, Difference>;
  }
  return {
    method: 'percentile bootstrap',
    level: 0.95,
    resamples,
    seed,
    groupedBy: grouping?.field ?? null,
    groups: grouping ? new Set(grouping.keys).size : null,
    candidate: estimates(point, intervals, 0),
    baseline: baseline ? estimates(point, intervals, K) : null,
    difference,
  };
}
