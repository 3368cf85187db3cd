/**
 * The values a compiled scorer passes between steps, one entry per text. A TF-IDF row is sparse
 * with a uniform background: `bg` is the value of every column not listed, so an elementwise step
 * (log of max(tf, 1), tf > 0, ...) costs the row's known n-grams, never the vocabulary's width.
 */
export interface SparseRow {
  /** ascending columns */
  cols: Int32Array;
  vals: Float64Array;
  bg: number;
}

export interface TokenRow {
  tokens: string[];
  /** UTF-16 start and end of each token in the text */
  spans: number[];
}

export type Column = string[] | TokenRow[] | SparseRow[] | Float64Array[];

/** Weights and constants as a step holds them. */
export type Weights = Float64Array | Float32Array;

/** Float32 when every value is one (an export's float weights are): the same numbers in half the bytes. */
export function narrow(data: Float64Array): Weights {
  const single = Float32Array.from(data);
  return single.every((v, i) => Object.is(v, data[i])) ? single : data;
}

/** A step's reason to give up on a batch (onnxruntime answers it instead). */
export class NotSparseError extends Error {}

export type Binary = (a: number, b: number) => number;

export const BINARY: Record<string, Binary> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b) => a / b,
  Max: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)),
  Min: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)),
  Greater: (a, b) => (a > b ? 1 : 0),
  Less: (a, b) => (a < b ? 1 : 0),
  Pow: (a, b) => Math.pow(a, b),
};

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export const UNARY: Record<string, (x: number) => number> = {
  Log: Math.log,
  Exp: Math.exp,
  Sqrt: Math.sqrt,
  Abs: Math.abs,
  Neg: (x) => -x,
  Reciprocal: (x) => 1 / x,
  Sigmoid: sigmoid,
  Identity: (x) => x,
};

export function mapSparse(row: SparseRow, f: (x: number, col: number) => number, bg: number) {
  const vals = new Float64Array(row.vals.length);
  for (let i = 0; i < vals.length; i += 1) vals[i] = f(row.vals[i], row.cols[i]);
  return { cols: row.cols, vals, bg };
}

/** a (op) b over the union of both rows' columns. */
export function mergeSparse(a: SparseRow, b: SparseRow, op: Binary): SparseRow {
  const cols: number[] = [];
  const vals: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.cols.length || j < b.cols.length) {
    const ca = i < a.cols.length ? a.cols[i] : Infinity;
    const cb = j < b.cols.length ? b.cols[j] : Infinity;
    if (ca === cb) {
      cols.push(ca);
      vals.push(op(a.vals[i++], b.vals[j++]));
    } else if (ca < cb) {
      cols.push(ca);
      vals.push(op(a.vals[i++], b.bg));
    } else {
      cols.push(cb);
      vals.push(op(a.bg, b.vals[j++]));
    }
  }
  return { cols: Int32Array.from(cols), vals: Float64Array.from(vals), bg: op(a.bg, b.bg) };
}

export type Reduce =
  | 'ReduceSum'
  | 'ReduceSumSquare'
  | 'ReduceMax'
  | 'ReduceMin'
  | 'ReduceMean'
  | 'ReduceLogSumExp';

/** A reduction over `values` plus `fill` repeated `missing` times (a sparse row's background). */
export function reduce(
  kind: Reduce,
  values: ArrayLike<number>,
  fill: number,
  missing: number
): number {
  const n = values.length + missing;
  switch (kind) {
    case 'ReduceSum':
    case 'ReduceMean': {
      let s = fill * missing;
      for (let i = 0; i < values.length; i += 1) s += values[i];
      return kind === 'ReduceSum' ? s : s / n;
    }
    case 'ReduceSumSquare': {
      let s = fill * fill * missing;
      for (let i = 0; i < values.length; i += 1) s += values[i] * values[i];
      return s;
    }
    case 'ReduceMax':
    case 'ReduceMin': {
      const pick = kind === 'ReduceMax' ? Math.max : Math.min;
      let m = missing > 0 ? fill : kind === 'ReduceMax' ? -Infinity : Infinity;
      for (let i = 0; i < values.length; i += 1) m = pick(m, values[i]);
      return m;
    }
    case 'ReduceLogSumExp': {
      let m = missing > 0 ? fill : -Infinity;
      for (let i = 0; i < values.length; i += 1) m = Math.max(m, values[i]);
      if (!Number.isFinite(m)) return m;
      let s = missing * Math.exp(fill - m);
      for (let i = 0; i < values.length; i += 1) s += Math.exp(values[i] - m);
      return m + Math.log(s);
    }
  }
}

/** ai.onnx.ml Normalizer's divisor: MAX (largest value), L1 (sum of absolute values), L2. */
export function normDivisor(
  norm: string,
  values: ArrayLike<number>,
  fill: number,
  missing: number
) {
  if (norm === 'MAX') return reduce('ReduceMax', values, fill, missing);
  if (norm === 'L1') {
    let s = Math.abs(fill) * missing;
    for (let i = 0; i < values.length; i += 1) s += Math.abs(values[i]);
    return s;
  }
  return Math.sqrt(reduce('ReduceSumSquare', values, fill, missing));
}

export function softmax(row: Float64Array, zero = false): Float64Array {
  let m = -Infinity;
  for (const x of row) m = Math.max(m, x);
  const out = new Float64Array(row.length);
  let s = 0;
  for (let i = 0; i < row.length; i += 1) {
    out[i] = zero && row[i] === 0 ? 0 : Math.exp(row[i] - m);
    s += out[i];
  }
  for (let i = 0; i < row.length; i += 1) out[i] /= s;
  return out;
}

export { sigmoid };
