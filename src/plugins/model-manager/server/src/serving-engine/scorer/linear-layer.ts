import type { onnx } from 'onnx-proto';
import { attr, attrInt, attrStr, refuse, type Kind } from './kinds';
import { narrow, sigmoid, softmax, type SparseRow, type Weights } from './values';

/**
 * The linear head of a text classifier (MatMul, Gemm or ai.onnx.ml LinearClassifier with its
 * post-transform) as weights F x C, and x . W over a sparse row in time proportional to its listed
 * columns.
 */
export interface LinearLayer {
  /** F x C, row-major */
  weights: Weights;
  classes: number;
  /** output width */
  width: number;
  post: (scores: Float64Array) => Float64Array;
}

export function linearLayer(
  node: onnx.INodeProto,
  where: string,
  a: Kind,
  b: Kind | undefined,
  ins: Kind[]
): LinearLayer {
  const layer = layerOf(node, where, a, b, ins);
  return { ...layer, weights: narrow(layer.weights as Float64Array) };
}

function layerOf(
  node: onnx.INodeProto,
  where: string,
  a: Kind,
  b: Kind | undefined,
  ins: Kind[]
): LinearLayer {
  if (a.kind !== 'sparse' && !(a.kind === 'dense' && a.rank === 2))
    return refuse(`${where} does not read a row of features`);
  const F = a.width;
  const op = node.opType;
  if (op === 'MatMul' || op === 'Gemm') {
    if (b?.kind !== 'const' || b.dims.length !== 2)
      return refuse(`${where} does not multiply by a weight matrix`);
    if (op === 'Gemm' && attrInt(node, 'transA', 0)) refuse(`${where} transposes its input`);
    const trans = op === 'Gemm' && attrInt(node, 'transB', 0) === 1;
    const [r, c] = trans ? [b.dims[1], b.dims[0]] : b.dims;
    if (r !== F) return refuse(`${where} has ${r} weight rows for ${F} features`);
    const weights = trans ? transpose(b.data, c, r) : b.data;
    if (op === 'MatMul') return { weights, classes: c, width: c, post: (s) => s };
    const alpha = Number(attr(node, 'alpha')?.f ?? 1);
    const beta = Number(attr(node, 'beta')?.f ?? 1);
    const bias = ins[2];
    if (bias && (bias.kind !== 'const' || (bias.data.length !== 1 && bias.data.length !== c)))
      refuse(`${where} adds a bias of a shape not modelled`);
    const cst = bias?.kind === 'const' ? bias.data : Float64Array.of(0);
    return {
      weights,
      classes: c,
      width: c,
      post: (s) => s.map((v, j) => alpha * v + beta * cst[cst.length === 1 ? 0 : j]),
    };
  }
  // ai.onnx.ml LinearClassifier: coefficients C x F, intercepts C, then the post-transform
  const coefficients = Float64Array.from(attr(node, 'coefficients')?.floats ?? []);
  const intercepts = Float64Array.from(attr(node, 'intercepts')?.floats ?? []);
  const C = intercepts.length || coefficients.length / F;
  if (!Number.isInteger(C) || C < 1 || coefficients.length !== C * F)
    return refuse(`${where} has ${coefficients.length} coefficients for ${F} features`);
  const labels =
    (attr(node, 'classlabels_strings')?.strings?.length ?? 0) ||
    (attr(node, 'classlabels_ints')?.ints?.length ?? 0);
  const transform = attrStr(node, 'post_transform', 'NONE');
  const bias = intercepts.length ? intercepts : new Float64Array(C);
  const weights = transpose(coefficients, C, F);
  if (C === 1 && labels === 2) {
    // onnxruntime's binary case: one score s for the second class
    if (transform === 'NONE')
      return {
        weights,
        classes: 1,
        width: 2,
        post: (s) => Float64Array.of(-(s[0] + bias[0]), s[0] + bias[0]),
      };
    if (transform === 'LOGISTIC')
      return {
        weights,
        classes: 1,
        width: 2,
        post: (s) => {
          const p = sigmoid(s[0] + bias[0]);
          return Float64Array.of(1 - p, p);
        },
      };
    return refuse(`${where} has a binary post_transform "${transform}" not modelled`);
  }
  const add = (s: Float64Array) => s.map((v, j) => v + bias[j]);
  const posts: Record<string, (s: Float64Array) => Float64Array> = {
    NONE: add,
    LOGISTIC: (s) => add(s).map(sigmoid),
    SOFTMAX: (s) => softmax(add(s)),
    SOFTMAX_ZERO: (s) => softmax(add(s), true),
  };
  const post =
    posts[transform] ?? refuse(`${where} has post_transform "${transform}", not modelled`);
  return { weights, classes: C, width: C, post };
}

function transpose(data: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(data.length);
  for (let i = 0; i < rows; i += 1)
    for (let j = 0; j < cols; j += 1) out[j * rows + i] = data[i * cols + j];
  return out;
}

/** x . W for a sparse row (its background times W's column sums) or a dense one. */
export function sparseDot(weights: Weights, C: number) {
  const F = weights.length / C;
  const colSums = new Float64Array(C);
  for (let j = 0; j < F; j += 1) for (let c = 0; c < C; c += 1) colSums[c] += weights[j * C + c];
  return (row: SparseRow | Float64Array): Float64Array => {
    const s = new Float64Array(C);
    if (row instanceof Float64Array) {
      for (let j = 0; j < F; j += 1)
        if (row[j] !== 0) for (let c = 0; c < C; c += 1) s[c] += row[j] * weights[j * C + c];
      return s;
    }
    const { cols, vals, bg } = row;
    for (let i = 0; i < cols.length; i += 1) {
      const v = vals[i] - bg;
      const base = cols[i] * C;
      for (let c = 0; c < C; c += 1) s[c] += v * weights[base + c];
    }
    if (bg !== 0) for (let c = 0; c < C; c += 1) s[c] += bg * colSums[c];
    return s;
  };
}
