/**
 * L2-penalised logistic regression fitted by L-BFGS, with scikit-learn's objective:
 *   C * sum_i s_i * logloss_i + 0.5 * ||W||^2   (intercept not penalised)
 * Two classes use one weight vector (sigmoid); more use one per class (softmax / multinomial).
 * See logistic-objective.ts for the (normalised) objective.
 */
import { minimizeLbfgs, type LbfgsIteration } from './lbfgs';
import { logisticObjective, scoreCount } from './logistic-objective';
import { csrLinear, softmaxInPlace, type CsrMatrix } from './sparse';

export { logisticObjective } from './logistic-objective';

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

export function fitLogisticRegression(
  X: CsrMatrix,
  y: Int32Array,
  numClasses: number,
  options: LogisticRegressionOptions
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
