/** Compressed sparse row matrix: the row-major layout every learner here iterates over. */
export interface CsrMatrix {
  rows: number;
  cols: number;
  /** Row i owns entries indptr[i] .. indptr[i+1]-1. */
  indptr: Int32Array;
  /** Column of each entry, ascending within a row. */
  indices: Int32Array;
  data: Float64Array;
}

/** One sparse row: ascending column indices and their values. */
export interface SparseRow {
  indices: Int32Array;
  values: Float64Array;
}

export function csrFromRows(rows: SparseRow[], cols: number): CsrMatrix {
  const indptr = new Int32Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) indptr[i + 1] = indptr[i] + rows[i].indices.length;
  const nnz = indptr[rows.length];
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  rows.forEach((row, i) => {
    indices.set(row.indices, indptr[i]);
    data.set(row.values, indptr[i]);
  });
  return { rows: rows.length, cols, indptr, indices, data };
}

export function csrRow(m: CsrMatrix, i: number): SparseRow {
  const a = m.indptr[i];
  const b = m.indptr[i + 1];
  return { indices: m.indices.subarray(a, b), values: m.data.subarray(a, b) };
}

/** Dense copy, for tests and tiny matrices only. */
export function csrToDense(m: CsrMatrix): number[][] {
  const out = Array.from({ length: m.rows }, () => new Array<number>(m.cols).fill(0));
  for (let i = 0; i < m.rows; i++) {
    for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) out[i][m.indices[p]] = m.data[p];
  }
  return out;
}

/**
 * Scores of every row against a feature-major weight matrix W (cols x k) plus intercept:
 * out[i*k + c] = b[c] + sum_j X[i,j] * W[j*k + c].
 */
export function csrLinear(
  m: CsrMatrix,
  weights: Float64Array,
  intercept: Float64Array,
  out: Float64Array = new Float64Array(m.rows * intercept.length)
): Float64Array {
  const k = intercept.length;
  for (let i = 0; i < m.rows; i++) {
    const o = i * k;
    for (let c = 0; c < k; c++) out[o + c] = intercept[c];
    for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) {
      const x = m.data[p];
      const w = m.indices[p] * k;
      for (let c = 0; c < k; c++) out[o + c] += x * weights[w + c];
    }
  }
  return out;
}

/** Numerically stable softmax of one score vector, in place. */
export function softmaxInPlace(scores: Float64Array | number[]): void {
  let max = -Infinity;
  for (let c = 0; c < scores.length; c++) if (scores[c] > max) max = scores[c];
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    scores[c] = Math.exp(scores[c] - max);
    sum += scores[c];
  }
  for (let c = 0; c < scores.length; c++) scores[c] /= sum;
}

/** Index of the first maximum, as ONNX ArgMax picks it. */
export function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < values.length; c++) if (values[c] > values[best]) best = c;
  return best;
}
