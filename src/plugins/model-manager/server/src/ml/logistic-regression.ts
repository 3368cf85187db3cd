/**
 * L2-penalised logistic regression fitted by L-BFGS, with scikit-learn's objective:
 *   C * sum_i s_i * logloss_i + 0.5 * ||W||^2   (intercept not penalised)
 * Two classes use one weight vector (sigmoid); more use one per class (softmax / multinomial).
 * The objective is divided by C * sum(s) internally so tolerances do not depend on data size.
 */
import { minimizeLbfgs, type LbfgsIteration, type Objective } from './lbfgs';
import { csrLinear, softmaxInPlace, type CsrMatrix } from './sparse';

export interface LogisticRegressionOptions {
  C: number;
  maxIterations: number;
  /** Gradient tolerance on the normalised objective. */
  tolerance: number;
  /** Per-sample weights (class weights expanded); defaults to 1. */
  sampleWeight?: Float64Array;
  onIteration?: (info: LbfgsIteration) => void;
}

export interface LogisticRegressionModel {
  numClasses: number;
  numFeatures: number;
  /** Feature-major weights, numFeatures x v where v = 1 for two classes, else numClasses. */
  weights: Float64Array;
  /** Length v. */
  intercept: Float64Array;
  iterations: number;
  converged: boolean;
  /** Final value of the normalised objective. */
  loss: number;
}

/** Columns of the weight matrix: one score for binary problems, one per class otherwise. */
function scoreCount(numClasses: number): number {
  return numClasses === 2 ? 1 : numClasses;
}

/**
 * Objective over theta = [W (F*v, feature-major), b (v)]. Exported for gradient checks.
 * `y` holds class indices 0..numClasses-1.
 */
export function logisticObjective(
  X: CsrMatrix, y: Int32Array, numClasses: number, C: number, sampleWeight?: Float64Array,
): Objective {
  const n = X.rows;
  const F = X.cols;
  const v = scoreCount(numClasses);
  const sw = sampleWeight ?? new Float64Array(n).fill(1);
  let swSum = 0;
  for (let i = 0; i < n; i++) swSum += sw[i];
  const scale = 1 / (C * swSum);
  const scores = new Float64Array(n * v);
  const residual = new Float64Array(n * v);

  return (theta, grad) => {
    const W = theta.subarray(0, F * v);
    const b = theta.subarray(F * v);
    csrLinear(X, W, b, scores);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const cw = C * sw[i];
      if (v === 1) {
        const z = scores[i];
        // log(1 + e^z) - y z, computed without overflow.
        const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
        loss += cw * (softplus - (y[i] === 1 ? z : 0));
        const p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
        residual[i] = cw * (p - y[i]);
      } else {
        const row = scores.subarray(i * v, i * v + v);
        let max = -Infinity;
        for (let c = 0; c < v; c++) max = Math.max(max, row[c]);
        let sum = 0;
        for (let c = 0; c < v; c++) sum += Math.exp(row[c] - max);
        loss += cw * (max + Math.log(sum) - row[y[i]]);
        for (let c = 0; c < v; c++) {
          residual[i * v + c] = cw * (Math.exp(row[c] - max) / sum - (c === y[i] ? 1 : 0));
        }
      }
    }
    // grad_W = X^T r + W ; grad_b = sum_i r_i
    grad.fill(0);
    let penalty = 0;
    for (let k = 0; k < F * v; k++) {
      penalty += theta[k] * theta[k];
      grad[k] = theta[k];
    }
    for (let i = 0; i < n; i++) {
      for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) {
        const x = X.data[p];
        const base = X.indices[p] * v;
        for (let c = 0; c < v; c++) grad[base + c] += x * residual[i * v + c];
      }
      for (let c = 0; c < v; c++) grad[F * v + c] += residual[i * v + c];
    }
    for (let k = 0; k < grad.length; k++) grad[k] *= scale;
    return (loss + 0.5 * penalty) * scale;
  };
}

export function fitLogisticRegression(
  X: CsrMatrix, y: Int32Array, numClasses: number, options: LogisticRegressionOptions,
): LogisticRegressionModel {
  if (numClasses < 2) throw new RangeError('Logistic regression needs at least two classes');
  if (y.length !== X.rows) throw new RangeError('y must have one label per row of X');
  if (!(options.C > 0)) throw new RangeError(`C must be > 0, got ${options.C}`);
  const v = scoreCount(numClasses);
  const objective = logisticObjective(X, y, numClasses, options.C, options.sampleWeight);
  const result = minimizeLbfgs(objective, new Float64Array((X.cols + 1) * v), {
    maxIterations: options.maxIterations,
    gtol: options.tolerance,
    ftol: 1e-12,
    memory: 10,
    onIteration: options.onIteration,
  });
  return {
    numClasses,
    numFeatures: X.cols,
    weights: result.x.slice(0, X.cols * v),
    intercept: result.x.slice(X.cols * v),
    iterations: result.iterations,
    converged: result.converged,
    loss: result.loss,
  };
}

/** Class probabilities, one row per row of X. */
export function predictProbaLogistic(model: LogisticRegressionModel, X: CsrMatrix): number[][] {
  const v = model.intercept.length;
  const scores = csrLinear(X, model.weights, model.intercept);
  const out: number[][] = [];
  for (let i = 0; i < X.rows; i++) {
    if (v === 1) {
      const p = 1 / (1 + Math.exp(-scores[i]));
      out.push([1 - p, p]);
    } else {
      const row = Array.from(scores.subarray(i * v, i * v + v));
      softmaxInPlace(row);
      out.push(row);
    }
  }
  return out;
}
