/**
 * Bootstrap intervals of a comparison: every metric of both versions and every paired
 * difference, from the same resamples of the evaluation rows (whole groups when the rows carry
 * one). Pure: the evaluation service hands it the scored rows.
 */
import {
  INTERVAL_METRICS,
  type ComparisonIntervals,
  type Difference,
  type Estimate,
  type IntervalMetric,
} from '../../../shared/contracts/compare';
import { bootstrapIntervalsYielding, unitCounts } from '../ml/bootstrap';
import { scoredSet, weightedMetrics, type ScoredSet } from '../ml/weighted-metrics';

/** 1,000 resamples: a compare of 1,201 rows and two versions stays well under a second (bench). */
export const COMPARE_RESAMPLES = 1000;
export const COMPARE_SEED = 15;

export interface ScoredSide {
  rows: number[][];
  classLabels: string[];
}

function sideSet(truth: readonly string[], side: ScoredSide): ScoredSet {
  return scoredSet(
    truth.map((label) => side.classLabels.indexOf(label)),
    side.rows,
    side.classLabels.length
  );
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

function estimate(value: number, ci: { low: number; high: number }): Estimate {
  const v = finiteOrNull(value);
  return v === null
    ? { value: null, low: null, high: null }
    : { value: v, low: finiteOrNull(ci.low), high: finiteOrNull(ci.high) };
}

/** `options.pause` is awaited between slices of resamples (a server passes setImmediate). */
export async function comparisonIntervals(
  truth: readonly string[],
  candidate: ScoredSide,
  baseline: ScoredSide | null,
  grouping: { field: string; keys: ReadonlyArray<string> } | null,
  options: { resamples?: number; seed?: number; pause?: () => Promise<void> } = {}
): Promise<ComparisonIntervals> {
  const resamples = options.resamples ?? COMPARE_RESAMPLES;
  const seed = options.seed ?? COMPARE_SEED;
  const sides = [candidate, ...(baseline ? [baseline] : [])];
  const sets = sides.map((side) => sideSet(truth, side));
  const labels = candidate.classLabels;
  // Per side: the metrics, then each class's F1 in the candidate's label order.
  const classColumn = (side: ScoredSide, label: string) =>
    side.classLabels.includes(label)
      ? INTERVAL_METRICS.length + side.classLabels.indexOf(label)
      : -1;
  const columns = sides.map((side) => [
    ...INTERVAL_METRICS.map((_, k) => k),
    ...labels.map((label) => classColumn(side, label)),
  ]);
  const K = columns[0].length;
  const statistic = (w: Float64Array) => {
    const perSide = sets.map((set, s) => {
      const values = weightedMetrics(set, w);
      return columns[s].map((k) => (k >= 0 && k < values.length ? values[k] : NaN));
    });
    const differences = perSide.length === 2 ? perSide[0].map((x, k) => x - perSide[1][k]) : [];
    return [...perSide.flat(), ...differences];
  };
  const point = statistic(unitCounts(truth.length));
  const pause = options.pause ?? (() => Promise.resolve());
  const intervals = await bootstrapIntervalsYielding(
    truth.length,
    statistic,
    { resamples, seed, groups: grouping?.keys ?? null },
    pause
  );
  const at = (k: number) => estimate(point[k], intervals[k]);
  const differenceAt = (k: number): Difference => {
    const d = at(k);
    return { ...d, significant: d.low !== null && d.high !== null && (d.low > 0 || d.high < 0) };
  };
  const byMetric = <T>(f: (k: number) => T) =>
    Object.fromEntries(INTERVAL_METRICS.map((name, k) => [name, f(k)])) as Record<
      IntervalMetric,
      T
    >;
  const M = INTERVAL_METRICS.length;
  return {
    method: 'percentile bootstrap',
    level: 0.95,
    resamples,
    seed,
    groupedBy: grouping?.field ?? null,
    groups: grouping ? new Set(grouping.keys).size : null,
    candidate: byMetric((k) => at(k)),
    baseline: baseline ? byMetric((k) => at(K + k)) : null,
    difference: baseline ? byMetric((k) => differenceAt(2 * K + k)) : null,
    perClassF1: Object.fromEntries(
      labels.map((label, c) => [
        label,
        {
          candidate: at(M + c),
          baseline: baseline ? at(K + M + c) : null,
          difference: baseline ? differenceAt(2 * K + M + c) : null,
        },
      ])
    ),
  };
}
