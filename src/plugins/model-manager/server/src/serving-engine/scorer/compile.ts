import { onnx } from 'onnx-proto';
import { NgramCounter, ngramTable, type NgramTable, type Occurrence } from './ngrams';
import { parseTokenPattern, scanTokens } from './token-pattern';
import {
  BINARY,
  NotSparseError,
  UNARY,
  mapSparse,
  mergeSparse,
  normDivisor,
  reduce,
  sigmoid,
  softmax,
  type Binary,
  type Column,
  type Reduce,
  type SparseRow,
  type TokenRow,
} from './values';

/**
 * Compiles the part of an ONNX text classifier that computes the asked outputs into steps over
 * sparse rows: string normalisation, the Tokenizer's pattern, the TfIdfVectorizer's n-grams, the
 * elementwise TF-IDF arithmetic, normalisers, and the linear head with its post-transform. Only
 * the nodes the outputs depend on are read; any other operator, attribute or shape on that path
 * is refused with a reason (the model then stays on onnxruntime). Compile time and memory are
 * linear in the graph's attributes and initializers.
 */
export class ScorerRefusal extends Error {}

type Kind =
  | { kind: 'text'; rank: number }
  | { kind: 'tokens'; pad: string }
  | { kind: 'sparse'; width: number; origin: NgramTable }
  | { kind: 'dense'; width: number; rank: 1 | 2 }
  | { kind: 'const'; dims: number[]; data: Float64Array };

export interface Trace {
  spans?: number[];
  occurrences?: Occurrence[];
}
type Env = Map<string, Column>;
type Step = (env: Env, trace?: Trace) => void;

/** The linear layer the probabilities come from: weights F x C over the TF-IDF's columns. */
export interface LinearHead {
  features: string;
  table: NgramTable;
  weights: Float64Array;
  classes: number;
}

export interface CompiledGraph {
  input: string;
  steps: Step[];
  outputs: Map<string, Kind>;
  head: LinearHead | null;
  tables: NgramTable[];
}

const { DataType } = onnx.TensorProto;
const refuse = (why: string): never => {
  throw new ScorerRefusal(why);
};
const attr = (node: onnx.INodeProto, name: string) => node.attribute?.find((a) => a.name === name);
const attrInt = (node: onnx.INodeProto, name: string, d: number) =>
  Number(attr(node, name)?.i ?? d);
const attrStr = (node: onnx.INodeProto, name: string, d: string) => {
  const a = attr(node, name);
  return a?.s ? Buffer.from(a.s).toString('utf8') : d;
};

export function tensorValues(t: onnx.ITensorProto): Float64Array {
  const raw = t.rawData;
  const type = t.dataType ?? 0;
  if (raw && raw.length) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const size =
      type === DataType.DOUBLE || type === DataType.INT64
        ? 8
        : type === DataType.FLOAT || type === DataType.INT32
          ? 4
          : type === DataType.BOOL
            ? 1
            : 0;
    if (!size) refuse(`initializer "${t.name}" has a data type not modelled`);
    return Float64Array.from({ length: raw.byteLength / size }, (_, i) => {
      if (type === DataType.DOUBLE) return view.getFloat64(i * 8, true);
      if (type === DataType.INT64) return Number(view.getBigInt64(i * 8, true));
      if (type === DataType.FLOAT) return view.getFloat32(i * 4, true);
      if (type === DataType.INT32) return view.getInt32(i * 4, true);
      return view.getUint8(i);
    });
  }
  if (type === DataType.FLOAT) return Float64Array.from(t.floatData ?? []);
  if (type === DataType.DOUBLE) return Float64Array.from(t.doubleData ?? []);
  if (type === DataType.INT64) return Float64Array.from((t.int64Data ?? []).map(Number));
  if (type === DataType.INT32 || type === DataType.BOOL)
    return Float64Array.from(t.int32Data ?? []);
  return refuse(`initializer "${t.name}" has a data type not modelled`);
}

const asciiCase = (upper: boolean) => (s: string) =>
  upper
    ? s.replace(/[a-z]+/g, (m) => m.toUpperCase())
    : s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

export function compileGraph(model: onnx.ModelProto, targets: string[]): CompiledGraph {
  const graph = model.graph ?? refuse('no graph');
  const nodes = graph.node ?? [];
  const kinds = new Map<string, Kind>();
  const numeric = new Set<number>([
    DataType.FLOAT,
    DataType.DOUBLE,
    DataType.INT64,
    DataType.INT32,
    DataType.BOOL,
  ]);
  for (const t of graph.initializer ?? [])
    if (numeric.has(t.dataType ?? 0))
      kinds.set(t.name ?? '', {
        kind: 'const',
        dims: (t.dims ?? []).map(Number),
        data: tensorValues(t),
      });
  const inputs = (graph.input ?? []).filter(
    (i) => !kinds.has(i.name ?? '') && !(graph.initializer ?? []).some((t) => t.name === i.name)
  );
  if (inputs.length !== 1 || inputs[0].type?.tensorType?.elemType !== DataType.STRING)
    refuse('it does not take one string input');
  const input = inputs[0].name ?? '';
  kinds.set(input, { kind: 'text', rank: inputs[0].type?.tensorType?.shape?.dim?.length ?? 1 });

  // only the nodes the targets depend on
  const producer = new Map<string, onnx.INodeProto>();
  for (const n of nodes) for (const o of n.output ?? []) producer.set(o, n);
  const needed = new Set<onnx.INodeProto>();
  const stack = [...targets];
  while (stack.length) {
    const name = stack.pop()!;
    const n = producer.get(name);
    if (!n || needed.has(n)) continue;
    needed.add(n);
    stack.push(...(n.input ?? []).filter(Boolean));
  }
  const opset = Number(model.opsetImport?.find((o) => !o.domain)?.version ?? 13);
  const steps: Step[] = [];
  const tables: NgramTable[] = [];
  let head: LinearHead | null = null;

  for (const node of nodes) {
    if (!needed.has(node)) continue;
    const op = node.opType ?? '';
    const where = `${op} "${node.name || node.output?.[0]}"`;
    const ins = (node.input ?? []).map(
      (name) =>
        kinds.get(name) ?? refuse(`${where} reads "${name}", which the scorer does not compute`)
    );
    const [a, b] = ins;
    const [x, y] = node.input ?? [];
    const out = node.output?.[0] ?? '';
    const set = (k: Kind, step?: Step) => {
      kinds.set(out, k);
      if (step) steps.push(step);
    };
    const same = () => set(a, (env) => env.set(out, env.get(x)!));

    if (op === 'Constant') {
      const t = attr(node, 'value')?.t ?? refuse(`${where} is not a tensor constant`);
      set({ kind: 'const', dims: (t.dims ?? []).map(Number), data: tensorValues(t) });
    } else if (op === 'Identity' || (op === 'Flatten' && a.kind !== 'text')) {
      if (a.kind === 'const' || a.kind === 'text') refuse(`${where} is not modelled on this input`);
      same();
    } else if (op === 'Reshape' && a.kind === 'text') {
      if (b?.kind !== 'const' || b.data.length !== 1 || b.data[0] !== -1)
        refuse(`${where} reshapes the text other than flat`);
      set({ kind: 'text', rank: 1 }, (env) => env.set(out, env.get(x)!));
    } else if (op === 'StringNormalizer') {
      if (a.kind !== 'text' || a.rank !== 1) refuse(`${where} does not read a flat text column`);
      if (attr(node, 'stopwords')?.strings?.length) refuse(`${where} has stopwords`);
      const locale = attrStr(node, 'locale', 'C');
      if (locale !== 'C')
        refuse(`${where} names locale "${locale}"; the scorer models locale C only`);
      const action = attrStr(node, 'case_change_action', 'NONE');
      if (action === 'NONE') same();
      else if (action === 'LOWER' || action === 'UPPER') {
        const change = asciiCase(action === 'UPPER'); // locale C changes ASCII letters only
        set(a, (env) => env.set(out, (env.get(x) as string[]).map(change)));
      } else refuse(`${where} has case_change_action "${action}"`);
    } else if (op === 'Tokenizer' && node.domain === 'com.microsoft') {
      if (a.kind !== 'text' || a.rank !== 1) refuse(`${where} does not read a flat text column`);
      if (attrInt(node, 'mark', 0)) refuse(`${where} adds start and end marks`);
      const pattern = attrStr(node, 'tokenexp', '');
      if (!pattern) refuse(`${where} splits on separators, not a token pattern`);
      const rule = parseTokenPattern(pattern, attrInt(node, 'mincharnum', 1));
      if ('refused' in rule) return refuse(`${where}: ${rule.refused}`);
      const pad = attrStr(node, 'pad_value', '');
      set({ kind: 'tokens', pad }, (env, trace) => {
        const rows = (env.get(x) as string[]).map((text) => scanTokens(rule, text));
        if (trace) trace.spans = rows[0]?.spans;
        env.set(out, rows);
      });
    } else if (op === 'TfIdfVectorizer') {
      if (a.kind !== 'tokens') return refuse(`${where} does not read the Tokenizer's tokens`);
      const table = ngramTable(node);
      if (typeof table === 'string') return refuse(`${where}: ${table}`);
      // onnxruntime counts the padding of short rows as tokens: a pool holding it answers by batch
      if (table.tokenIds.has(a.pad))
        refuse(`${where}: the Tokenizer's pad value is in the vocabulary`);
      tables.push(table);
      const counter = new NgramCounter(table);
      set({ kind: 'sparse', width: table.width, origin: table }, (env, trace) => {
        const rows = env.get(x) as TokenRow[];
        const occ: Occurrence[] = [];
        const seen = trace ? (o: Occurrence) => occ.push(o) : undefined;
        env.set(
          out,
          rows.map((r) => counter.count(r.tokens, seen))
        );
        if (trace) trace.occurrences = occ;
      });
    } else if (op === 'Cast') {
      const to = attrInt(node, 'to', 0);
      if (to !== DataType.FLOAT && to !== DataType.DOUBLE)
        refuse(`${where} casts to a type the scorer does not model`);
      if (a.kind === 'text' || a.kind === 'tokens') refuse(`${where} casts strings`);
      if (a.kind === 'const') set(a);
      else same();
    } else if (op in UNARY) {
      if (a.kind === 'text' || a.kind === 'tokens') refuse(`${where} is applied to strings`);
      const f = UNARY[op];
      if (a.kind === 'const') set({ ...a, data: a.data.map(f) });
      else if (a.kind === 'sparse')
        set(a, (env) =>
          env.set(
            out,
            (env.get(x) as SparseRow[]).map((r) => mapSparse(r, f, f(r.bg)))
          )
        );
      else
        set(a, (env) =>
          env.set(
            out,
            (env.get(x) as Float64Array[]).map((r) => r.map(f))
          )
        );
    } else if (op in BINARY) {
      if (ins.length !== 2) refuse(`${where} has ${ins.length} inputs`);
      compileBinary(where, BINARY[op], a, b, x, y, out, set);
    } else if (op.startsWith('Reduce')) {
      const kindOf = op as Reduce;
      if (
        ![
          'ReduceSum',
          'ReduceSumSquare',
          'ReduceMax',
          'ReduceMin',
          'ReduceMean',
          'ReduceLogSumExp',
        ].includes(op)
      )
        refuse(`${where} is not modelled`);
      const axes = b
        ? b.kind === 'const'
          ? [...b.data]
          : refuse(`${where} has computed axes`)
        : (attr(node, 'axes')?.ints ?? []).map(Number);
      if (
        axes.length !== 1 ||
        (axes[0] !== 1 && axes[0] !== -1) ||
        (a.kind === 'dense' && a.rank !== 2)
      )
        refuse(`${where} reduces other than each row`);
      const rank = attrInt(node, 'keepdims', 1) ? 2 : 1;
      if (a.kind === 'sparse')
        set({ kind: 'dense', width: 1, rank }, (env) =>
          env.set(
            out,
            (env.get(x) as SparseRow[]).map((r) =>
              Float64Array.of(reduce(kindOf, r.vals, r.bg, a.width - r.cols.length))
            )
          )
        );
      else if (a.kind === 'dense')
        set({ kind: 'dense', width: 1, rank }, (env) =>
          env.set(
            out,
            (env.get(x) as Float64Array[]).map((r) => Float64Array.of(reduce(kindOf, r, 0, 0)))
          )
        );
      else refuse(`${where} is not modelled on this input`);
    } else if (op === 'Softmax' || op === 'LogSoftmax') {
      const axis = attrInt(node, 'axis', opset >= 13 ? -1 : 1);
      if (a.kind !== 'dense' || a.rank !== 2 || (axis !== 1 && axis !== -1))
        refuse(`${where} is not over each row of scores`);
      const f =
        op === 'Softmax'
          ? (r: Float64Array) => softmax(r)
          : (r: Float64Array) => softmax(r).map(Math.log);
      set(a, (env) => env.set(out, (env.get(x) as Float64Array[]).map(f)));
    } else if (op === 'Normalizer') {
      const norm = attrStr(node, 'norm', 'MAX');
      if (!['MAX', 'L1', 'L2'].includes(norm)) refuse(`${where} has norm "${norm}"`);
      // onnxruntime leaves an all-zero row as it is
      const div = (d: number) => (d === 0 ? 1 : d);
      if (a.kind === 'sparse')
        set(a, (env) =>
          env.set(
            out,
            (env.get(x) as SparseRow[]).map((r) => {
              const d = div(normDivisor(norm, r.vals, r.bg, a.width - r.cols.length));
              return mapSparse(r, (v) => v / d, r.bg / d);
            })
          )
        );
      else if (a.kind === 'dense')
        set(a, (env) =>
          env.set(
            out,
            (env.get(x) as Float64Array[]).map((r) => {
              const d = div(normDivisor(norm, r, 0, 0));
              return r.map((v) => v / d);
            })
          )
        );
      else refuse(`${where} is not modelled on this input`);
    } else if (op === 'MatMul' || op === 'Gemm' || op === 'LinearClassifier') {
      const linear = linearLayer(node, where, a, b, ins);
      if (a.kind === 'sparse' && !head)
        head = { features: x, table: a.origin, weights: linear.weights, classes: linear.classes };
      const target = op === 'LinearClassifier' ? (node.output?.[1] ?? '') : out;
      if (op === 'LinearClassifier' && targets.includes(node.output?.[0] ?? ''))
        refuse(`${where}: its label output is asked for`);
      kinds.set(target, { kind: 'dense', width: linear.width, rank: 2 });
      const dot = sparseDot(linear.weights, linear.classes);
      steps.push((env) =>
        env.set(
          target,
          (env.get(x) as Column).map((r) => linear.post(dot(r as SparseRow | Float64Array)))
        )
      );
    } else
      refuse(`${where}: operator ${node.domain ? `${node.domain}.` : ''}${op} is not modelled`);
  }
  const outputs = new Map<string, Kind>();
  for (const t of targets) outputs.set(t, kinds.get(t) ?? refuse(`output "${t}" is not computed`));
  return { input, steps, outputs, head, tables };
}

type Setter = (k: Kind, step?: Step) => void;

function compileBinary(
  where: string,
  f: Binary,
  a: Kind,
  b: Kind,
  x: string,
  y: string,
  out: string,
  set: Setter
): void {
  const flipped: Binary = (p, q) => f(q, p);
  if (a.kind === 'const' && b.kind === 'const') {
    if (b.data.length === 1) set({ ...a, data: a.data.map((v) => f(v, b.data[0])) });
    else if (a.data.length === 1) set({ ...b, data: b.data.map((v) => f(a.data[0], v)) });
    else if (a.dims.join() === b.dims.join())
      set({ ...a, data: a.data.map((v, i) => f(v, b.data[i])) });
    else refuse(`${where} broadcasts constants in a way not modelled`);
    return;
  }
  if (a.kind === 'const' || (a.kind === 'dense' && b.kind === 'sparse'))
    return compileBinary(where, flipped, b, a, y, x, out, set);
  if (a.kind === 'text' || a.kind === 'tokens' || b.kind === 'text' || b.kind === 'tokens')
    return refuse(`${where} is applied to strings`);
  const vectorOf = (k: Kind, width: number) =>
    k.kind === 'const' &&
    k.data.length === width &&
    (k.dims.length === 1 || (k.dims.length === 2 && k.dims[0] === 1))
      ? k.data
      : null;
  if (a.kind === 'sparse') {
    const rows = (env: Env) => env.get(x) as SparseRow[];
    if (b.kind === 'const' && b.data.length === 1) {
      const s = b.data[0];
      return set(a, (env) =>
        env.set(
          out,
          rows(env).map((r) => mapSparse(r, (v) => f(v, s), f(r.bg, s)))
        )
      );
    }
    const vec = vectorOf(b, a.width);
    if (vec) {
      // the background stays uniform only if f(0, v) is the same for every column (0 * idf)
      const at0 = f(0, vec[0]);
      const uniform = vec.every((v) => Object.is(f(0, v), at0));
      return set(a, (env) =>
        env.set(
          out,
          rows(env).map((r) => {
            if (r.bg !== 0 || !uniform) throw new NotSparseError(`${where} densifies the features`);
            return mapSparse(r, (v, col) => f(v, vec[col]), at0);
          })
        )
      );
    }
    if (b.kind === 'sparse' && b.origin === a.origin)
      return set(a, (env) =>
        env.set(
          out,
          rows(env).map((r, i) => mergeSparse(r, (env.get(y) as SparseRow[])[i], f))
        )
      );
    if (b.kind === 'dense' && b.rank === 2 && b.width === 1)
      return set(a, (env) =>
        env.set(
          out,
          rows(env).map((r, i) => {
            const s = (env.get(y) as Float64Array[])[i][0];
            return mapSparse(r, (v) => f(v, s), f(r.bg, s));
          })
        )
      );
    return refuse(`${where} combines the features with a shape not modelled`);
  }
  if (a.kind !== 'dense') return refuse(`${where} is not modelled`);
  const rows = (env: Env) => env.get(x) as Float64Array[];
  if (b.kind === 'const') {
    const vec = a.rank === 2 ? vectorOf(b, a.width) : null;
    if (b.data.length === 1) {
      const s = b.data[0];
      return set(a, (env) =>
        env.set(
          out,
          rows(env).map((r) => r.map((v) => f(v, s)))
        )
      );
    }
    if (vec)
      return set(a, (env) =>
        env.set(
          out,
          rows(env).map((r) => r.map((v, j) => f(v, vec[j])))
        )
      );
    return refuse(`${where} broadcasts a constant in a way not modelled`);
  }
  if (b.kind !== 'dense') return refuse(`${where} is not modelled`);
  const other = (env: Env) => env.get(y) as Float64Array[];
  if (b.rank === a.rank && b.width === a.width)
    return set(a, (env) =>
      env.set(
        out,
        rows(env).map((r, i) => r.map((v, j) => f(v, other(env)[i][j])))
      )
    );
  if (a.rank === 2 && b.rank === 2 && b.width === 1)
    return set(a, (env) =>
      env.set(
        out,
        rows(env).map((r, i) => r.map((v) => f(v, other(env)[i][0])))
      )
    );
  if (a.rank === 2 && b.rank === 2 && a.width === 1)
    return compileBinary(where, flipped, b, a, y, x, out, set);
  return refuse(`${where} broadcasts in a way not modelled`);
}

interface LinearLayer {
  /** F x C, row-major */
  weights: Float64Array;
  classes: number;
  /** output width */
  width: number;
  post: (scores: Float64Array) => Float64Array;
}

function linearLayer(
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
function sparseDot(weights: Float64Array, C: number) {
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
