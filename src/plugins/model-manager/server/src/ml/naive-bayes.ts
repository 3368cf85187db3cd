/**
 * Multinomial naive Bayes on non-negative features (counts or tf-idf), as scikit-learn's
 * MultinomialNB: log theta[j,c] = ln((N[j,c] + alpha) / (N[c] + alpha * F)), prior from
 * (weighted) class frequencies. Linear in log space, so it exports like a linear model.
 */
import { csrLinear, softmaxInPlace, type CsrMatrix } from './sparse';

export interface NaiveBayesOptions {
  /** Additive (Laplace/Lidstone) smoothing, > 0. */
  alpha: number;
  /** Per-sample weights (class weights expanded); defaults to 1. */
  sampleWeight?: Float64Array;
}

export interface NaiveBayesModel {
  numClasses: number;
  numFeatures: number;
  /** Feature-major log likelihoods, numFeatures x numClasses. */
  featureLogProb: Float64Array;
  classLogPrior: Float64Array;
}

export function fitNaiveBayes(
  X: CsrMatrix,
  y: Int32Array,
  numClasses: number,
  options: NaiveBayesOptions
): NaiveBayesModel {
  if (!(options.alpha > 0)) throw new RangeError(`alpha must be > 0, got ${options.alpha}`);
  if (y.length !== X.rows) throw new RangeError('y must have one label per row of X');
  const F = X.cols;
  const K = numClasses;
  const counts = new Float64Array(F * K);
  const classCount = new Float64Array(K);
  for (let i = 0; i < X.rows; i++) {
    const s = options.sampleWeight?.[i] ?? 1;
    const c = y[i];
    classCount[c] += s;
    for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) {
      if (X.data[p] < 0) throw new RangeError('Naive Bayes needs non-negative features');
      counts[X.indices[p] * K + c] += s * X.data[p];
    }
  }
  const totals = new Float64Array(K);
  for (let j = 0; j < F; j++) for (let c = 0; c < K; c++) totals[c] += counts[j * K + c];
  const featureLogProb = new Float64Array(F * K);
  for (let j = 0; j < F; j++) {
    for (let c = 0; c < K; c++) {
      featureLogProb[j * K + c] =
        Math.log(counts[j * K + c] + options.alpha) - Math.log(totals[c] + options.alpha * F);
    }
  }
  const total = classCount.reduce((a, b) => a + b, 0);
  const classLogPrior = classCount.map((n) => Math.log(n / total));
  return { numClasses: K, numFeatures: F, featureLogProb, classLogPrior };
}

/** Joint log likelihood, normalised by softmax into class probabilities. */
export function predictProbaNaiveBayes(model: NaiveBayesModel, X: CsrMatrix): number[][] {
  const K = model.numClasses;
  const joint = csrLinear(X, model.featureLogProb, model.classLogPrior);
  const out: number[][] = [];
  for (let i = 0; i < X.rows; i++) {
    const row = Array.from(joint.subarray(i * K, i * K + K));
    softmaxInPlace(row);
    out.push(row);
  }
  return out;
}
