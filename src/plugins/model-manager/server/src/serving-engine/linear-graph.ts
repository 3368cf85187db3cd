import { onnx } from 'onnx-proto';
import { lowerCodePoints } from '../ml/tokenize';
import type { Occurrence } from './scorer/ngrams';
import { PackedMap } from './scorer/vocabulary';
import type { Weights } from './scorer/values';

/**
 * What serving needs to know about one of our own exported linear models (ml/onnx-export.ts):
 * scores = features . W + b, with features the normalised TF-IDF of the text's n-grams. From it,
 * an explanation is exact (each n-gram's share of the logit) and "no known token" is a fact.
 * Read from the graph itself, so it holds for any artifact of that shape (calibrated or not).
 */
export interface LinearModel {
  /** graph output names added to the serving graph */
  featuresOutput: string;
  evidenceOutput: string;
  intercept: Float32Array; // C
  features: number;
  classes: number;
  calibration: Calibration | null;
}

export type Calibration =
  | { method: 'temperature'; temperature: number }
  | { method: 'platt'; a: number; b: number };

export const EVIDENCE_OUTPUT = '__mm_evidence';
const AXES = '__mm_axes';
export const NGRAM_JOIN = '\u0000';
const { DataType } = onnx.TensorProto;

function attribute(node: onnx.INodeProto, name: string) {
  return node.attribute?.find((a) => a.name === name);
}

function floats(tensor: onnx.ITensorProto): Float32Array {
  if (tensor.rawData && tensor.rawData.length) {
    const raw = tensor.rawData;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Float32Array.from({ length: raw.byteLength / 4 }, (_, i) =>
      view.getFloat32(i * 4, true)
    );
  }
  return Float32Array.from(tensor.floatData ?? []);
}

export function parseCalibration(raw: string | undefined): Calibration | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    if (
      value.method === 'temperature' &&
      typeof value.temperature === 'number' &&
      value.temperature > 0
    ) {
      return { method: 'temperature', temperature: value.temperature };
    }
    if (value.method === 'platt' && typeof value.a === 'number' && typeof value.b === 'number')
      return { method: 'platt', a: value.a, b: value.b };
  } catch {
    // unreadable calibration: treat the model as foreign (leave-one-out explanations)
  }
  return null;
}

function vocabularyColumns(tfidf: onnx.INodeProto): PackedMap {
  const pool = (attribute(tfidf, 'pool_strings')?.strings ?? []).map((s) =>
    lowerCodePoints(Buffer.from(s).toString('utf8'))
  );
  const counts = (attribute(tfidf, 'ngram_counts')?.ints ?? []).map(Number);
  const indexes = (attribute(tfidf, 'ngram_indexes')?.ints ?? []).map(Number);
  const columns: Array<[string, number]> = [];
  let ngram = 0;
  counts.forEach((start, group) => {
    const n = group + 1;
    const end = group + 1 < counts.length ? counts[group + 1] : pool.length;
    for (let i = start; i + n <= end; i += n) {
      columns.push([pool.slice(i, i + n).join(NGRAM_JOIN), indexes[ngram]]);
      ngram += 1;
    }
  });
  return PackedMap.of(columns);
}

/** The nodes of a model-manager export that make it linear: TF-IDF, then features . W + b. */
function linearNodes(model: onnx.ModelProto) {
  const graph = model.graph;
  if (model.producerName !== 'model-manager' || !graph?.node) return null;
  const initializers = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const tfidf = graph.node.find((n) => n.opType === 'TfIdfVectorizer');
  const matmul = graph.node.find(
    (n) => n.opType === 'MatMul' && initializers.get(n.input?.[1] ?? '')?.dims?.length === 2
  );
  if (!tfidf?.output?.[0] || !matmul?.input?.[0] || !matmul.output?.[0]) return null;
  const add = graph.node.find(
    (n) =>
      n.opType === 'Add' &&
      n.input?.[0] === matmul.output?.[0] &&
      initializers.has(n.input?.[1] ?? '')
  );
  if (!add) return null;
  const W = initializers.get(matmul.input[1] ?? '')!;
  const [features, classes] = (W.dims ?? []).map(Number);
  const weights = floats(W);
  const intercept = floats(initializers.get(add.input?.[1] ?? '')!);
  if (weights.length !== features * classes || intercept.length !== classes) return null;
  const [featuresOutput, counts] = [matmul.input[0], tfidf.output[0]];
  return { tfidf, counts, featuresOutput, features, classes, weights, intercept };
}

/**
 * The weights and n-gram columns an exact explanation reads: the export's own (below)
 * while onnxruntime serves it, else its compiled scorer's, so the vocabulary is held once.
 */
export interface LinearTerms {
  /** F x C, row-major */
  weights: Weights;
  /** Each n-gram of `tokens` (lowercased, as ml/tokenize gives them) that has a feature column. */
  ngrams(tokens: string[], found: (o: Occurrence) => void): void;
  /** what these terms hold of their own (0 when they are a compiled scorer's) */
  bytes: number;
}

/**
 * The export's own weights and n-gram columns, for exact explanations while onnxruntime serves it
 * (a compiled scorer of the same graph shares its own instead: CompiledScorer.sharedTerms).
 */
export function exportTerms(model: onnx.ModelProto): LinearTerms | null {
  const nodes = linearNodes(model);
  if (!nodes) return null;
  const { tfidf, weights } = nodes;
  const minN = Number(attribute(tfidf, 'min_gram_length')?.i ?? 1);
  const maxN = Number(attribute(tfidf, 'max_gram_length')?.i ?? 1);
  const columns = vocabularyColumns(tfidf);
  return {
    weights,
    ngrams(tokens, found) {
      for (let n = minN; n <= maxN; n += 1) {
        for (let at = 0; at + n <= tokens.length; at += 1) {
          const column = columns.get(tokens.slice(at, at + n).join(NGRAM_JOIN));
          if (column !== undefined) found({ column, at, n });
        }
      }
    },
    bytes: weights.byteLength + columns.bytes,
  };
}

/**
 * For a model-manager export: the linear model and a serving graph that also outputs the
 * features row and the count of known n-grams (same probabilities, two more outputs), and its
 * weights (F x C, row-major). null for anything else, which then gets leave-one-out explanations.
 */
export function deriveLinearServing(model: onnx.ModelProto): {
  bytes: Uint8Array;
  proto: onnx.ModelProto;
  linear: LinearModel;
  weights: Float32Array;
} | null {
  const nodes = linearNodes(model);
  if (!nodes) return null;
  const { counts, featuresOutput, features, classes, weights, intercept } = nodes;
  const metadata = Object.fromEntries(
    (model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? ''])
  );

  // A new model and graph around the same nodes and tensors (never changed here): a deep copy
  // through toObject/fromObject cost about 20 MiB of objects for a 1 MiB artifact at each load.
  const g = onnx.GraphProto.create({ ...model.graph! });
  const derived = onnx.ModelProto.create({ ...model, graph: g });
  g.initializer = [
    ...(g.initializer ?? []),
    onnx.TensorProto.fromObject({
      name: AXES,
      dims: [1],
      dataType: DataType.INT64,
      int64Data: [1],
    }),
  ];
  g.node = [
    ...(g.node ?? []),
    onnx.NodeProto.fromObject({
      opType: 'ReduceSum',
      input: [counts, AXES],
      output: [EVIDENCE_OUTPUT],
      attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
    }),
  ];
  const floatOut = (name: string, dims: Array<string | number>) =>
    onnx.ValueInfoProto.fromObject({
      name,
      type: {
        tensorType: {
          elemType: DataType.FLOAT,
          shape: {
            dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
          },
        },
      },
    });
  g.output = [
    ...(g.output ?? []),
    floatOut(featuresOutput, ['N', features]),
    floatOut(EVIDENCE_OUTPUT, ['N']),
  ];

  return {
    bytes: onnx.ModelProto.encode(derived).finish(),
    proto: derived,
    linear: {
      featuresOutput,
      evidenceOutput: EVIDENCE_OUTPUT,
      intercept,
      features,
      classes,
      calibration: parseCalibration(metadata.calibration),
    },
    weights,
  };
}
