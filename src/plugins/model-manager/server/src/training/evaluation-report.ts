/** Evaluation metrics and prediction flips from probabilities: pure, shared by uploads, training and compare. */
import type { Comparison, EvaluationMetrics } from '../../../shared/contracts/compare';
import {
  brierScore,
  classificationReport,
  expectedCalibrationError,
  reliabilityBins,
  rocAuc,
} from '../ml';

export const MAX_FLIPS = 100;

export function predictedLabels(
  rows: readonly number[][],
  classLabels: readonly string[]
): string[] {
  return rows.map((row) => {
    let best = 0;
    for (let k = 1; k < row.length; k += 1) if (row[k] > row[best]) best = k;
    return classLabels[best];
  });
}

/**
 * Metrics of one version on an evaluation set, labels in the artifact's class order. `auc` is
 * the ROC AUC of the second class for a binary model, null otherwise or when the set holds a
 * single class (AUC is undefined then).
 */
export function evaluationMetrics(
  dataset: string,
  truth: readonly string[],
  rows: readonly number[][],
  classLabels: readonly string[],
  evaluation: EvaluationMetrics['evaluation'] = 'evaluation set'
): EvaluationMetrics {
  const report = classificationReport(truth, predictedLabels(rows, classLabels), classLabels);
  let auc: number | null = null;
  if (classLabels.length === 2) {
    try {
      auc = rocAuc(
        truth,
        rows.map((row) => row[1]),
        classLabels[1]
      );
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }
  // A truth label outside the artifact's classes counts as a miss at every confidence.
  const truthIndex = truth.map((label) => classLabels.indexOf(label));
  return {
    dataset,
    evaluation,
    size: truth.length,
    labels: [...classLabels],
    accuracy: report.accuracy,
    macroF1: report.macroF1,
    auc,
    confusion: report.confusion,
    perClass: report.perClass.map(({ label, precision, recall, f1, support }) => ({
      label,
      precision,
      recall,
      f1,
      support,
    })),
    ece: expectedCalibrationError(rows, truthIndex),
    brier: brierScore(rows, truthIndex),
    reliability: reliabilityBins(rows, truthIndex),
  };
}

/** Examples whose predicted label differs between candidate and baseline, in set order, at most `limit`. */
export function findFlips(
  texts: readonly string[],
  truth: readonly string[],
  candidate: readonly string[],
  baseline: readonly string[],
  limit = MAX_FLIPS
): Comparison['flips'] {
  const flips: Comparison['flips'] = [];
  for (let i = 0; i < texts.length && flips.length < limit; i += 1) {
    if (candidate[i] !== baseline[i])
      flips.push({
        text: texts[i],
        truth: truth[i],
        candidate: candidate[i],
        baseline: baseline[i],
      });
  }
  return flips;
}

/** How many examples flip, and which version each flip proves right (all of them, not only the listed ones). */
export function countFlips(
  truth: readonly string[],
  candidate: readonly string[],
  baseline: readonly string[]
): Comparison['flipCounts'] {
  const counts = { total: 0, candidateRight: 0, baselineRight: 0, bothWrong: 0 };
  for (let i = 0; i < truth.length; i += 1) {
    if (candidate[i] === baseline[i]) continue;
    counts.total += 1;
    if (candidate[i] === truth[i]) counts.candidateRight += 1;
    else if (baseline[i] === truth[i]) counts.baselineRight += 1;
    else counts.bothWrong += 1;
  }
  return counts;
}
