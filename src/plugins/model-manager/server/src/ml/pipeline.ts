/** One fit: tokenize -> tf-idf -> logistic regression or naive Bayes (raw scores, no calibration). */
import { fitLogisticRegression, type LogisticRegressionModel } from './logistic-regression';
import { fitNaiveBayes, type NaiveBayesModel } from './naive-bayes';
import { createOptimizerProgress } from './optimizer-progress';
import { fitTransformTfidf } from './tfidf';
import { LinearTextClassifier, type LinearHead } from './text-classifier';
import { tokenize } from './tokenize';
import { parseTrainParams, type ClassWeight, type TrainParams } from './train-params';

export interface LabelledText {
  text: string;
  label: string;
  /** Rows of one group (a debate, a thread) stay in one fold when calibration cross-fits. */
  group?: string | null;
  /** How much the row counts in the fit (a collective's confidence in its label, a capped readers' vote); default 1. */
  weight?: number;
}

export interface TrainProgress {
  phase: 'tokenize' | 'vectorize' | 'optimize' | 'calibrate' | 'done';
  /** Overall fraction done, 0..1, non-decreasing. */
  progress: number;
  /** Set during 'optimize'. */
  iteration?: number;
  loss?: number;
}

export type ProgressCallback = (p: TrainProgress) => void;

// Share of the progress bar each phase ends at.
const TOKENIZE_END = 0.1;
const VECTORIZE_END = 0.2;

/** Sorted class names: the column order of every probability row and export. */
export function sortedLabels(labels: readonly string[]): string[] {
  return [...new Set(labels)].sort();
}

/**
 * Each row's weight: its own (default 1) times, with 'balanced', the class weight
 * total / (n_classes * class total), totals summed over the row weights: each class then carries
 * the same weight. Unweighted rows give scikit-learn's n_samples / (n_classes * count(class)).
 */
export function sampleWeights(
  y: Int32Array,
  numClasses: number,
  mode: ClassWeight,
  rowWeights?: ArrayLike<number>
): Float64Array {
  const w = Float64Array.from({ length: y.length }, (_, i) => rowWeights?.[i] ?? 1);
  if (mode === 'none') return w;
  const mass = new Float64Array(numClasses);
  y.forEach((c, i) => (mass[c] += w[i]));
  const total = mass.reduce((a, b) => a + b, 0);
  for (let i = 0; i < y.length; i++) w[i] *= total / (numClasses * mass[y[i]]);
  return w;
}

/** Subtracts each row's mean over classes; see LinearHead. */
function centre(weights: Float64Array, intercept: Float64Array): LinearHead {
  const K = intercept.length;
  const w = Float64Array.from(weights);
  const b = Float64Array.from(intercept);
  for (let base = 0; base < w.length + K; base += K) {
    const row = base < w.length ? w.subarray(base, base + K) : b;
    const mean = row.reduce((a, x) => a + x, 0) / K;
    for (let c = 0; c < K; c++) row[c] -= mean;
  }
  return { weights: w, intercept: b };
}

export function headFromLogistic(m: LogisticRegressionModel): LinearHead {
  if (m.intercept.length > 1) return centre(m.weights, m.intercept);
  // One sigmoid score z is the softmax of (-z/2, z/2).
  const F = m.numFeatures;
  const w = new Float64Array(F * 2);
  for (let j = 0; j < F; j++) {
    w[2 * j] = -m.weights[j] / 2;
    w[2 * j + 1] = m.weights[j] / 2;
  }
  return { weights: w, intercept: Float64Array.of(-m.intercept[0] / 2, m.intercept[0] / 2) };
}

export function headFromNaiveBayes(m: NaiveBayesModel): LinearHead {
  return centre(m.featureLogProb, m.classLogPrior);
}

/** Validates the rows and fits the tf-idf + linear model, uncalibrated (calibrated-training.ts calibrates). */
export function fitTextClassifier(
  samples: readonly LabelledText[],
  params: Partial<TrainParams> = {},
  onProgress?: ProgressCallback
): LinearTextClassifier {
  const p = parseTrainParams(params);
  samples.forEach((s, i) => {
    if (typeof s?.text !== 'string' || typeof s.label !== 'string' || s.label === '') {
      throw new TypeError(`sample ${i} needs a string text and a non-empty string label`);
    }
    if (s.weight !== undefined && !(Number.isFinite(s.weight) && s.weight >= 0))
      throw new TypeError(`sample ${i} has a weight that is not a finite number >= 0`);
  });
  const labels = sortedLabels(samples.map((s) => s.label));
  if (labels.length < 2)
    throw new RangeError(`need samples of at least two labels, got ${labels.length}`);
  const labelIndex = new Map(labels.map((l, i) => [l, i] as const));
  const report = (
    phase: TrainProgress['phase'],
    progress: number,
    extra: Partial<TrainProgress> = {}
  ) => onProgress?.({ phase, progress, ...extra });
  const t0 = performance.now();

  report('tokenize', 0);
  const docs = samples.map((s) => tokenize(s.text, { stem: p.stem }).map((t) => t.text));
  const y = Int32Array.from(samples, (s) => labelIndex.get(s.label) ?? -1);
  const t1 = performance.now();

  report('vectorize', TOKENIZE_END);
  const { model: vectorizer, matrix: X } = fitTransformTfidf(docs, {
    ngramRange: p.ngramRange,
    minDf: p.minDf,
    sublinearTf: p.sublinearTf,
  });
  const t2 = performance.now();

  report('optimize', VECTORIZE_END);
  const sampleWeight = sampleWeights(
    y,
    labels.length,
    p.classWeight,
    samples.map((s) => s.weight ?? 1)
  );
  let head: LinearHead;
  let iterations = 0;
  let converged = true;
  if (p.algorithm === 'naive-bayes') {
    head = headFromNaiveBayes(fitNaiveBayes(X, y, labels.length, { alpha: p.alpha, sampleWeight }));
  } else {
    const optimized = createOptimizerProgress(p.maxIterations, p.tolerance);
    const lr = fitLogisticRegression(X, y, labels.length, {
      C: p.C,
      maxIterations: p.maxIterations,
      tolerance: p.tolerance,
      sampleWeight,
      onIteration: ({ iteration, loss, gradientNorm }) =>
        report(
          'optimize',
          VECTORIZE_END + (1 - VECTORIZE_END) * optimized(iteration, gradientNorm),
          { iteration, loss }
        ),
    });
    head = headFromLogistic(lr);
    ({ iterations, converged } = lr);
  }
  const t3 = performance.now();
  report('done', 1);

  return new LinearTextClassifier({
    labels,
    params: p,
    vectorizer,
    head,
    training: {
      samples: samples.length,
      vocabularySize: vectorizer.vocabulary.length,
      iterations,
      converged,
      timings: { tokenizeMs: t1 - t0, vectorizeMs: t2 - t1, optimizeMs: t3 - t2, totalMs: t3 - t0 },
    },
  });
}
