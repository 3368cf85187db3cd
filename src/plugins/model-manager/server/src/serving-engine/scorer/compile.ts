import type { onnx } from 'onnx-proto';
import { compileBinary } from './binary';
import {
  DataType,
  ScorerRefusal,
  attr,
  attrInt,
  attrStr,
  refuse,
  tensorValues,
  type Kind,
  type Setter,
  type Step,
  type Trace,
} from './kinds';
import { linearLayer, sparseDot } from './linear-layer';
import { ngramTable, tableBytes, type NgramTable } from './ngrams';
import {
  caseStep,
  copyStep,
  countStep,
  linearStep,
  normalizeStep,
  reduceStep,
  softmaxStep,
  tokenizeStep,
  unaryStep,
} from './steps';
import { parseTokenPattern } from './token-pattern';
import { BINARY, UNARY, type Reduce, type Weights } from './values';

/**
 * Compiles the part of an ONNX text classifier that computes the asked outputs into steps over
 * sparse rows: string normalisation, the Tokenizer's pattern, the TfIdfVectorizer's n-grams, the
 * elementwise TF-IDF arithmetic, normalisers, and the linear head with its post-transform. Only
 * the nodes the outputs depend on are read; any other operator, attribute or shape on that path
 * is refused with a reason (the model then stays on onnxruntime). Compile time and memory are
 * linear in the graph's attributes and initializers; nothing of the decoded graph is kept.
 */
export { ScorerRefusal, type Trace };

/** The linear layer the probabilities come from: weights F x C over the TF-IDF's columns. */
export interface LinearHead {
  features: string;
  table: NgramTable;
  weights: Weights;
  classes: number;
}

export interface CompiledGraph {
  input: string;
  steps: Step[];
  outputs: Map<string, Kind>;
  head: LinearHead | null;
  /** what the steps hold: vocabularies, weights, constants they read, scratch rows */
  bytes: number;
}

const REDUCE = [
  'ReduceSum',
  'ReduceSumSquare',
  'ReduceMax',
  'ReduceMin',
  'ReduceMean',
  'ReduceLogSumExp',
];

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
  const initializers = new Set<string>();
  for (const t of graph.initializer ?? []) {
    initializers.add(t.name ?? '');
    if (numeric.has(t.dataType ?? 0))
      kinds.set(t.name ?? '', {
        kind: 'const',
        dims: (t.dims ?? []).map(Number),
        data: tensorValues(t),
      });
  }
  const inputs = (graph.input ?? []).filter((i) => !initializers.has(i.name ?? ''));
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
  let bytes = 0;
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
    // no step is made in this function: steps.ts (see there why)
    const set: Setter = (k, step, held = 0) => {
      kinds.set(out, k);
      if (step) steps.push(step);
      bytes += held;
    };
    const same = () => set(a, copyStep(x, out));

    if (op === 'Constant') {
      const t = attr(node, 'value')?.t ?? refuse(`${where} is not a tensor constant`);
      set({ kind: 'const', dims: (t.dims ?? []).map(Number), data: tensorValues(t) });
    } else if (op === 'Identity' || (op === 'Flatten' && a.kind !== 'text')) {
      if (a.kind === 'const' || a.kind === 'text') refuse(`${where} is not modelled on this input`);
      same();
    } else if (op === 'Reshape' && a.kind === 'text') {
      if (b?.kind !== 'const' || b.data.length !== 1 || b.data[0] !== -1)
        refuse(`${where} reshapes the text other than flat`);
      set({ kind: 'text', rank: 1 }, copyStep(x, out));
    } else if (op === 'StringNormalizer') {
      if (a.kind !== 'text' || a.rank !== 1) refuse(`${where} does not read a flat text column`);
      if (attr(node, 'stopwords')?.strings?.length) refuse(`${where} has stopwords`);
      const locale = attrStr(node, 'locale', 'C');
      if (locale !== 'C')
        refuse(`${where} names locale "${locale}"; the scorer models locale C only`);
      const action = attrStr(node, 'case_change_action', 'NONE');
      if (action === 'NONE') same();
      else if (action === 'LOWER' || action === 'UPPER')
        // locale C changes ASCII letters only
        set(a, caseStep(asciiCase(action === 'UPPER'), x, out));
      else refuse(`${where} has case_change_action "${action}"`);
    } else if (op === 'Tokenizer' && node.domain === 'com.microsoft') {
      if (a.kind !== 'text' || a.rank !== 1) refuse(`${where} does not read a flat text column`);
      if (attrInt(node, 'mark', 0)) refuse(`${where} adds start and end marks`);
      const pattern = attrStr(node, 'tokenexp', '');
      if (!pattern) refuse(`${where} splits on separators, not a token pattern`);
      const rule = parseTokenPattern(pattern, attrInt(node, 'mincharnum', 1));
      if ('refused' in rule) return refuse(`${where}: ${rule.refused}`);
      set({ kind: 'tokens', pad: attrStr(node, 'pad_value', '') }, tokenizeStep(rule, x, out));
    } else if (op === 'TfIdfVectorizer') {
      if (a.kind !== 'tokens') return refuse(`${where} does not read the Tokenizer's tokens`);
      const table = ngramTable(node);
      if (typeof table === 'string') return refuse(`${where}: ${table}`);
      // onnxruntime counts the padding of short rows as tokens: a pool holding it answers by batch
      if (table.tokens.id(a.pad) >= 0)
        refuse(`${where}: the Tokenizer's pad value is in the vocabulary`);
      set(
        { kind: 'sparse', width: table.width, origin: table },
        countStep(table, x, out),
        tableBytes(table)
      );
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
      else set(a, unaryStep(f, a.kind === 'sparse', x, out));
    } else if (op in BINARY) {
      if (ins.length !== 2) refuse(`${where} has ${ins.length} inputs`);
      compileBinary(where, BINARY[op], a, b, x, y, out, set);
    } else if (op.startsWith('Reduce')) {
      if (!REDUCE.includes(op)) refuse(`${where} is not modelled`);
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
      if (a.kind !== 'sparse' && a.kind !== 'dense')
        refuse(`${where} is not modelled on this input`);
      const rank = attrInt(node, 'keepdims', 1) ? 2 : 1;
      const width = a.kind === 'sparse' ? a.width : 0;
      set(
        { kind: 'dense', width: 1, rank },
        reduceStep(op as Reduce, width, a.kind === 'sparse', x, out)
      );
    } else if (op === 'Softmax' || op === 'LogSoftmax') {
      const axis = attrInt(node, 'axis', opset >= 13 ? -1 : 1);
      if (a.kind !== 'dense' || a.rank !== 2 || (axis !== 1 && axis !== -1))
        refuse(`${where} is not over each row of scores`);
      set(a, softmaxStep(op === 'LogSoftmax', x, out));
    } else if (op === 'Normalizer') {
      const norm = attrStr(node, 'norm', 'MAX');
      if (!['MAX', 'L1', 'L2'].includes(norm)) refuse(`${where} has norm "${norm}"`);
      if (a.kind !== 'sparse' && a.kind !== 'dense')
        refuse(`${where} is not modelled on this input`);
      const width = a.kind === 'sparse' ? a.width : 0;
      set(a, normalizeStep(norm, width, a.kind === 'sparse', x, out));
    } else if (op === 'MatMul' || op === 'Gemm' || op === 'LinearClassifier') {
      const linear = linearLayer(node, where, a, b, ins);
      if (a.kind === 'sparse' && !head)
        head = { features: x, table: a.origin, weights: linear.weights, classes: linear.classes };
      const target = op === 'LinearClassifier' ? (node.output?.[1] ?? '') : out;
      if (op === 'LinearClassifier' && targets.includes(node.output?.[0] ?? ''))
        refuse(`${where}: its label output is asked for`);
      kinds.set(target, { kind: 'dense', width: linear.width, rank: 2 });
      steps.push(linearStep(sparseDot(linear.weights, linear.classes), linear.post, x, target));
      bytes += linear.weights.byteLength + linear.classes * 8; // and its column sums
    } else
      refuse(`${where}: operator ${node.domain ? `${node.domain}.` : ''}${op} is not modelled`);
  }
  const outputs = new Map<string, Kind>();
  for (const t of targets) outputs.set(t, kinds.get(t) ?? refuse(`output "${t}" is not computed`));
  return { input, steps, outputs, head, bytes };
}
