/**
 * Classification metrics with scikit-learn's conventions: a ratio whose denominator is zero
 * counts as 0 (zero_division=0); macro averages weigh every class equally.
 */

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Number of true samples of this class. */
  support: number;
}

export interface ClassificationReport {
  labels: string[];
  accuracy: number;
  macroF1: number;
  perClass: ClassMetrics[];
  /** confusion[t][p]: samples of true class labels[t] predicted as labels[p]. */
  confusion: number[][];
}

function checkLengths(a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) throw new RangeError(`length mismatch: ${a.length} vs ${b.length}`);
  if (a.length === 0) throw new RangeError('metrics need at least one sample');
}

export function accuracy(yTrue: readonly string[], yPred: readonly string[]): number {
  checkLengths(yTrue, yPred);
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits++;
  return hits / yTrue.length;
}

/** Labels default to the sorted union of both arrays. */
export function confusionMatrix(
  yTrue: readonly string[],
  yPred: readonly string[],
  labels: readonly string[] = unionLabels(yTrue, yPred)
): number[][] {
  checkLengths(yTrue, yPred);
  const index = new Map(labels.map((l, i) => [l, i] as const));
  const m = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i]);
    const p = index.get(yPred[i]);
    if (t !== undefined && p !== undefined) m[t][p]++;
  }
  return m;
}

function unionLabels(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

const ratio = (num: number, den: number): number => (den === 0 ? 0 : num / den);

export function classificationReport(
  yTrue: readonly string[],
  yPred: readonly string[],
  labels: readonly string[] = unionLabels(yTrue, yPred)
): ClassificationReport {
  const confusion = confusionMatrix(yTrue, yPred, labels);
  const perClass = labels.map((label, k) => {
    const tp = confusion[k][k];
    const support = confusion[k].reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[k], 0);
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    return {
      label,
      precision,
      recall,
      f1: ratio(2 * precision * recall, precision + recall),
      support,
    };
  });
  const macroF1 = perClass.reduce((a, c) => a + c.f1, 0) / perClass.length;
  return { labels: [...labels], accuracy: accuracy(yTrue, yPred), macroF1, perClass, confusion };
}

export function macroF1(
  yTrue: readonly string[],
  yPred: readonly string[],
  labels?: readonly string[]
): number {
  return classificationReport(yTrue, yPred, labels).macroF1;
}

/**
 * Area under the ROC curve for `positive` against all other labels, by the rank statistic
 * (Mann-Whitney U); tied scores get the average of their ranks, i.e. count one half.
 */
export function rocAuc(
  yTrue: readonly string[],
  scores: readonly number[],
  positive: string
): number {
  checkLengths(yTrue, scores);
  if (scores.some((s) => Number.isNaN(s))) throw new RangeError('ROC AUC scores must not be NaN');
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPos = 0;
  let nPos = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    const averageRank = (start + end) / 2 + 1; // ranks are 1-based
    for (let k = start; k <= end; k++) {
      if (yTrue[order[k]] === positive) {
        rankSumPos += averageRank;
        nPos++;
      }
    }
    start = end + 1;
  }
  const nNeg = yTrue.length - nPos;
  if (nPos === 0 || nNeg === 0) {
    throw new RangeError('ROC AUC is undefined when only one class is present in yTrue');
  }
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
