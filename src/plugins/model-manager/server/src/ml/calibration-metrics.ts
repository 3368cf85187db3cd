/**
 * How well probabilities match outcomes. Both use the top label (the predicted class and its
 * probability, "confidence"):
 *   ECE: 10 equal-width confidence bins over [0, 1]; sum over bins of (bin size / n) * |accuracy - mean confidence|.
 *   Brier: mean over rows of sum over classes of (p_c - [y = c])^2, halved, so for two classes it
 *   equals scikit-learn's brier_score_loss (mean (p_positive - y)^2).
 */
import type { ReliabilityBin } from '../../../shared/contracts/compare';

export const ECE_BINS = 10;

export type { ReliabilityBin };

function topLabel(row: ArrayLike<number>): { k: number; p: number } {
  let k = 0;
  for (let c = 1; c < row.length; c++) if (row[c] > row[k]) k = c;
  return { k, p: row[k] };
}

function check(rows: readonly ArrayLike<number>[], truth: ArrayLike<number>) {
  if (rows.length !== truth.length)
    throw new RangeError(`length mismatch: ${rows.length} vs ${truth.length}`);
  if (rows.length === 0) throw new RangeError('calibration metrics need at least one sample');
}

/** `truth[i]` is the class index of row i; rows are probability vectors. */
export function reliabilityBins(
  rows: readonly ArrayLike<number>[],
  truth: ArrayLike<number>,
  bins = ECE_BINS
): ReliabilityBin[] {
  check(rows, truth);
  const count = new Array<number>(bins).fill(0);
  const confidence = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  rows.forEach((row, i) => {
    const { k, p } = topLabel(row);
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    count[b]++;
    confidence[b] += p;
    if (k === truth[i]) hits[b]++;
  });
  return count.map((n, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: n,
    confidence: n ? confidence[b] / n : null,
    accuracy: n ? hits[b] / n : null,
  }));
}

export function expectedCalibrationError(
  rows: readonly ArrayLike<number>[],
  truth: ArrayLike<number>,
  bins = ECE_BINS
): number {
  const n = rows.length;
  return reliabilityBins(rows, truth, bins).reduce(
    (sum, bin) =>
      bin.count
        ? sum + (bin.count / n) * Math.abs((bin.accuracy as number) - (bin.confidence as number))
        : sum,
    0
  );
}

export function brierScore(rows: readonly ArrayLike<number>[], truth: ArrayLike<number>): number {
  check(rows, truth);
  let sum = 0;
  rows.forEach((row, i) => {
    for (let c = 0; c < row.length; c++) sum += (row[c] - (c === truth[i] ? 1 : 0)) ** 2;
  });
  return sum / (2 * rows.length);
}
