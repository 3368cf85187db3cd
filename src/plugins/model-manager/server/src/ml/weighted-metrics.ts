/**
 * The evaluation metrics over rows weighted by counts (a bootstrap resample; all ones for the
 * plain figure). Classes are indexes; rows are probability vectors; the predicted class is the
 * argmax. Definitions match metrics.ts and calibration-metrics.ts.
 */
import { ECE_BINS } from './calibration-metrics';

export interface ScoredSet {
  truth: Int32Array;
  predicted: Int32Array;
  /** Probability rows. */
  rows: readonly ArrayLike<number>[];
  numClasses: number;
  /** Rows sorted by P(class 1), for the AUC (binary only); built by `scoredSet`. */
  aucOrder: Int32Array | null;
}

export const WEIGHTED_METRICS = ['accuracy', 'macroF1', 'auc', 'ece', 'brier'] as const;
export type WeightedMetric = (typeof WEIGHTED_METRICS)[number];

export function scoredSet(
  truth: ArrayLike<number>,
  rows: readonly ArrayLike<number>[],
  numClasses: number
): ScoredSet {
  if (truth.length !== rows.length)
    throw new RangeError(`length mismatch: ${truth.length} vs ${rows.length}`);
  const predicted = Int32Array.from(rows, (row) => {
    let k = 0;
    for (let c = 1; c < row.length; c++) if (row[c] > row[k]) k = c;
    return k;
  });
  const aucOrder =
    numClasses === 2 ? Int32Array.from(rows.keys()).sort((a, b) => rows[a][1] - rows[b][1]) : null;
  return { truth: Int32Array.from(truth), predicted, rows, numClasses, aucOrder };
}

function weightedAuc(set: ScoredSet, w: Float64Array): number {
  const order = set.aucOrder;
  if (!order) return NaN;
  let negBelow = 0;
  let pos = 0;
  let neg = 0;
  let sum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    const score = set.rows[order[start]][1];
    while (end + 1 < order.length && set.rows[order[end + 1]][1] === score) end++;
    let tiePos = 0;
    let tieNeg = 0;
    for (let k = start; k <= end; k++) {
      const i = order[k];
      if (set.truth[i] === 1) tiePos += w[i];
      else tieNeg += w[i];
    }
    sum += tiePos * (negBelow + tieNeg / 2);
    negBelow += tieNeg;
    pos += tiePos;
    neg += tieNeg;
    start = end + 1;
  }
  return pos > 0 && neg > 0 ? sum / (pos * neg) : NaN;
}

/** [accuracy, macroF1, auc, ece, brier] of the weighted rows (WEIGHTED_METRICS order), then the F1 of each class. */
export function weightedMetrics(set: ScoredSet, w: Float64Array): number[] {
  const K = set.numClasses;
  const tp = new Float64Array(K);
  const support = new Float64Array(K);
  const predictedCount = new Float64Array(K);
  const binCount = new Float64Array(ECE_BINS);
  const binConfidence = new Float64Array(ECE_BINS);
  const binHits = new Float64Array(ECE_BINS);
  let total = 0;
  let hits = 0;
  let brier = 0;
  for (let i = 0; i < w.length; i++) {
    const wi = w[i];
    if (!wi) continue;
    const t = set.truth[i];
    const p = set.predicted[i];
    const row = set.rows[i];
    total += wi;
    support[t] += wi;
    predictedCount[p] += wi;
    if (t === p) {
      hits += wi;
      tp[t] += wi;
    }
    const b = Math.min(ECE_BINS - 1, Math.max(0, Math.floor(row[p] * ECE_BINS)));
    binCount[b] += wi;
    binConfidence[b] += wi * row[p];
    if (t === p) binHits[b] += wi;
    let squares = 0;
    for (let c = 0; c < K; c++) squares += (row[c] - (c === t ? 1 : 0)) ** 2;
    brier += (wi * squares) / 2;
  }
  const f1 = Array.from({ length: K }, (_, c) => {
    const precision = predictedCount[c] ? tp[c] / predictedCount[c] : 0;
    const recall = support[c] ? tp[c] / support[c] : 0;
    return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  });
  let ece = 0;
  for (let b = 0; b < ECE_BINS; b++)
    if (binCount[b]) ece += Math.abs(binHits[b] - binConfidence[b]) / total;
  return [
    hits / total,
    f1.reduce((a, b) => a + b, 0) / K,
    weightedAuc(set, w),
    ece,
    brier / total,
    ...f1,
  ];
}
