/**
 * Penalised log-loss and its gradient over theta = [W (feature-major), b], divided by
 * C * sum(s) so its scale does not grow with the data:
 *   (C * sum_i s_i * logloss_i + 0.5 * ||W||^2) / (C * sum_i s_i)
 * Two classes use one score per row (sigmoid), more use one per class (softmax).
 */
import type { Objective } from './lbfgs';
import type { CsrMatrix } from './sparse';

/** Columns of W: one score for two classes, one per class otherwise. */
export function scoreCount(numClasses: number): number {
  return numClasses === 2 ? 1 : numClasses;
}

/** `y` holds class indices 0..numClasses-1; sample weights default to 1. */
export function logisticObjective(
  X: CsrMatrix,
  y: Int32Array,
  numClasses: number,
  C: number,
  sampleWeight?: Float64Array
): Objective {
  const sw = sampleWeight ?? new Float64Array(X.rows).fill(1);
  const swSum = sw.reduce((a, b) => a + b, 0);
  const scale = 1 / (C * swSum);
  // Per-row multiplier of the loss after scaling: C * s_i / (C * sum s) = s_i / sum s.
  const rowWeight = sw.map((s) => C * s * scale);
  const penaltyWeight = scale;
  return numClasses === 2
    ? binary(X, y, rowWeight, penaltyWeight)
    : multinomial(X, y, numClasses, rowWeight, penaltyWeight);
}

function binary(
  X: CsrMatrix,
  y: Int32Array,
  rowWeight: Float64Array,
  penaltyWeight: number
): Objective {
  const { rows, cols, indptr, indices, data } = X;
  const residual = new Float64Array(rows);
  return (theta, grad) => {
    const b = theta[cols];
    let loss = 0;
    for (let i = 0; i < rows; i++) {
      let z = b;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) z += data[p] * theta[indices[p]];
      // log(1 + e^z) - y z and sigmoid(z), without overflow.
      const e = Math.exp(-Math.abs(z));
      const softplus = Math.max(z, 0) + Math.log1p(e);
      const sigmoid = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      loss += rowWeight[i] * (softplus - (y[i] === 1 ? z : 0));
      residual[i] = rowWeight[i] * (sigmoid - y[i]);
    }
    let penalty = 0;
    let gb = 0;
    for (let j = 0; j < cols; j++) {
      penalty += theta[j] * theta[j];
      grad[j] = penaltyWeight * theta[j];
    }
    for (let i = 0; i < rows; i++) {
      const r = residual[i];
      gb += r;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) grad[indices[p]] += data[p] * r;
    }
    grad[cols] = gb;
    return loss + 0.5 * penaltyWeight * penalty;
  };
}

function multinomial(
  X: CsrMatrix,
  y: Int32Array,
  K: number,
  rowWeight: Float64Array,
  penaltyWeight: number
): Objective {
  const { rows, cols, indptr, indices, data } = X;
  const residual = new Float64Array(rows * K);
  const z = new Float64Array(K);
  const bOffset = cols * K;
  return (theta, grad) => {
    let loss = 0;
    for (let i = 0; i < rows; i++) {
      for (let c = 0; c < K; c++) z[c] = theta[bOffset + c];
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const x = data[p];
        const base = indices[p] * K;
        for (let c = 0; c < K; c++) z[c] += x * theta[base + c];
      }
      let max = -Infinity;
      for (let c = 0; c < K; c++) max = Math.max(max, z[c]);
      let sum = 0;
      for (let c = 0; c < K; c++) sum += Math.exp(z[c] - max);
      loss += rowWeight[i] * (max + Math.log(sum) - z[y[i]]);
      for (let c = 0; c < K; c++) {
        residual[i * K + c] = rowWeight[i] * (Math.exp(z[c] - max) / sum - (c === y[i] ? 1 : 0));
      }
    }
    let penalty = 0;
    for (let k = 0; k < bOffset; k++) {
      penalty += theta[k] * theta[k];
      grad[k] = penaltyWeight * theta[k];
    }
    for (let c = 0; c < K; c++) grad[bOffset + c] = 0;
    for (let i = 0; i < rows; i++) {
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const x = data[p];
        const base = indices[p] * K;
        for (let c = 0; c < K; c++) grad[base + c] += x * residual[i * K + c];
      }
      for (let c = 0; c < K; c++) grad[bOffset + c] += residual[i * K + c];
    }
    return loss + 0.5 * penaltyWeight * penalty;
  };
}
