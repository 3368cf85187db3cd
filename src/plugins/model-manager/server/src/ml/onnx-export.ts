/**
 * Writes a trained text classifier as a self-contained ONNX model (IR 8, opset 17 +
 * com.microsoft 1) with the serving contract of the foreign scikit-learn export:
 *   input  text: string[N]
 *   output probabilities: float[N,C] (class order = metadata "classes"), label: string[N]
 * No ZipMap. Both algorithms export, because both are softmax(tfidf . W + b) (text-classifier.ts).
 * The raw logits `scores` pass through one node, `calibration` (a Gemm: scores * diag(scale) + bias,
 * calibration.ts), before the softmax; metadata `calibration` declares its parameters.
 */
import { onnx } from 'onnx-proto';
import { calibrationAffine, calibrationMetadata } from './calibration';
import { ngramVariants } from './case-variants';
import type { TrainedTextClassifier } from './text-classifier';
import { ONNX_TOKEN_REGEX, SKLEARN_TOKEN_PATTERN } from './tokenize';

export interface OnnxExportOptions {
  /** Extra metadata_props; they override the generated ones of the same key. */
  metadata?: Record<string, string>;
  /** Defaults to "text_classifier". */
  graphName?: string;
  /** Written as producer_version; defaults to "1". */
  producerVersion?: string;
}

export const ONNX_PRODUCER = 'model-manager';
/** A zero-token row has norm 0; any value below the smallest real norm (>= 1 with smooth idf) works. */
const NORM_EPSILON = 1e-12;

const { DataType } = onnx.TensorProto;
const { AttributeType } = onnx.AttributeProto;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

type AttrValue = number | string | number[] | string[];

function attr(name: string, value: AttrValue): onnx.IAttributeProto {
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: utf8(value) };
  if (typeof value === 'number') return { name, type: AttributeType.INT, i: value };
  if (value.length > 0 && typeof value[0] === 'string') {
    return { name, type: AttributeType.STRINGS, strings: (value as string[]).map(utf8) };
  }
  return { name, type: AttributeType.INTS, ints: value as number[] };
}

function node(
  opType: string,
  input: string[],
  output: string[],
  attrs: onnx.IAttributeProto[] = [],
  domain = ''
): onnx.INodeProto {
  return { opType, input, output, attribute: attrs, domain, name: output[0] };
}

/** float32 initializer, little-endian raw data regardless of host byte order. */
function floatTensor(name: string, dims: number[], values: ArrayLike<number>): onnx.ITensorProto {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return { name, dims, dataType: DataType.FLOAT, rawData: raw };
}

function valueInfo(
  name: string,
  elemType: number,
  dims: (string | number)[]
): onnx.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

/**
 * TfIdfVectorizer pool: n-grams grouped by length (ngram_counts = start of each group), each
 * vocabulary term listed under every spelling the graph may see (case-variants.ts).
 */
function ngramPool(vocabulary: readonly string[], maxN: number) {
  const byLength: { tokens: string[]; column: number }[][] = Array.from({ length: maxN }, () => []);
  vocabulary.forEach((term, column) => {
    for (const tokens of ngramVariants(term)) byLength[tokens.length - 1].push({ tokens, column });
  });
  const pool: string[] = [];
  const counts: number[] = [];
  const indexes: number[] = [];
  for (const group of byLength) {
    counts.push(pool.length); // a position in pool_strings, not an n-gram count
    for (const { tokens, column } of group) {
      pool.push(...tokens);
      indexes.push(column);
    }
  }
  return { pool, counts, indexes };
}

export function exportToOnnx(
  model: TrainedTextClassifier,
  options: OnnxExportOptions = {}
): Uint8Array {
  if (model.params.stem) {
    throw new Error(
      'A model trained with stemming cannot be exported to ONNX: the graph cannot stem'
    );
  }
  const { vocabulary, idf, options: tfidf } = model.vectorizer;
  const F = vocabulary.length;
  const C = model.labels.length;
  const [minN, maxN] = tfidf.ngramRange;
  const { pool, counts, indexes } = ngramPool(vocabulary, maxN);

  const nodes: onnx.INodeProto[] = [
    node(
      'StringNormalizer',
      ['text'],
      ['lower'],
      [attr('case_change_action', 'LOWER'), attr('is_case_sensitive', 0), attr('locale', 'C')]
    ),
    node(
      'Tokenizer',
      ['lower'],
      ['tokens'],
      [
        attr('mark', 0),
        attr('mincharnum', 1),
        attr('pad_value', '#'),
        attr('tokenexp', ONNX_TOKEN_REGEX),
      ],
      'com.microsoft'
    ),
    node(
      'TfIdfVectorizer',
      ['tokens'],
      ['tf'],
      [
        attr('mode', 'TF'),
        attr('min_gram_length', minN),
        attr('max_gram_length', maxN),
        attr('max_skip_count', 0),
        attr('ngram_counts', counts),
        attr('ngram_indexes', indexes),
        attr('pool_strings', pool),
      ]
    ),
  ];
  let tf = 'tf';
  if (tfidf.sublinearTf) {
    // 1 + ln(tf) where tf > 0, else 0: ln(max(tf, 1)) + (tf > 0).
    nodes.push(
      node('Greater', ['tf', 'zero'], ['tf_positive_bool']),
      node('Cast', ['tf_positive_bool'], ['tf_positive'], [attr('to', DataType.FLOAT)]),
      node('Max', ['tf', 'one'], ['tf_at_least_1']),
      node('Log', ['tf_at_least_1'], ['tf_log']),
      node('Add', ['tf_log', 'tf_positive'], ['tf_sublinear'])
    );
    tf = 'tf_sublinear';
  }
  nodes.push(
    node('Mul', [tf, 'idf'], ['tfidf']),
    node('Mul', ['tfidf', 'tfidf'], ['tfidf_squared']),
    node('ReduceSum', ['tfidf_squared', 'axis1'], ['sum_squares'], [attr('keepdims', 1)]),
    node('Sqrt', ['sum_squares'], ['norm']),
    node('Max', ['norm', 'epsilon'], ['norm_safe']),
    node('Div', ['tfidf', 'norm_safe'], ['features']),
    node('MatMul', ['features', 'W'], ['features_w']),
    node('Add', ['features_w', 'b'], ['scores']),
    {
      ...node('Gemm', ['scores', 'calibration_scale', 'calibration_bias'], ['calibrated_scores']),
      name: 'calibration',
    },
    node('Softmax', ['calibrated_scores'], ['probabilities'], [attr('axis', 1)]),
    node('ArgMax', ['probabilities'], ['label_index'], [attr('axis', 1), attr('keepdims', 0)]),
    node('Gather', ['class_names', 'label_index'], ['label'], [attr('axis', 0)])
  );

  const affine = calibrationAffine(model.calibration, C);
  const scaleMatrix = new Float64Array(C * C);
  affine.scale.forEach((x, c) => (scaleMatrix[c * C + c] = x));
  const initializer: onnx.ITensorProto[] = [
    floatTensor('calibration_scale', [C, C], scaleMatrix),
    floatTensor('calibration_bias', [C], affine.bias),
    floatTensor('idf', [F], idf),
    floatTensor('W', [F, C], model.head.weights),
    floatTensor('b', [C], model.head.intercept),
    floatTensor('epsilon', [], [NORM_EPSILON]),
    { name: 'axis1', dims: [1], dataType: DataType.INT64, int64Data: [1] },
    {
      name: 'class_names',
      dims: [C],
      dataType: DataType.STRING,
      stringData: model.labels.map(utf8),
    },
  ];
  if (tfidf.sublinearTf)
    initializer.push(floatTensor('zero', [], [0]), floatTensor('one', [], [1]));

  const graph: onnx.IGraphProto = {
    name: options.graphName ?? 'text_classifier',
    node: nodes,
    initializer,
    input: [valueInfo('text', DataType.STRING, ['N'])],
    output: [
      valueInfo('label', DataType.STRING, ['N']),
      valueInfo('probabilities', DataType.FLOAT, ['N', C]),
    ],
  };
  const metadata = { ...exportMetadata(model), ...options.metadata };
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [
      { domain: '', version: 17 },
      { domain: 'com.microsoft', version: 1 },
    ],
    producerName: ONNX_PRODUCER,
    producerVersion: options.producerVersion ?? '1',
    graph,
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  });
  return onnx.ModelProto.encode(proto).finish();
}

/** metadata_props written by exportToOnnx (before options.metadata overrides). */
export function exportMetadata(model: TrainedTextClassifier): Record<string, string> {
  const labels = model.labels;
  const meta: Record<string, string> = {
    classes: `[${labels.map((l) => JSON.stringify(l)).join(', ')}]`,
    producer: ONNX_PRODUCER,
    input: 'text: string[N]',
    outputs: `label: string[N]; probabilities: float[N,${labels.length}] (${labels.join(', ')})`,
    algorithm: model.params.algorithm,
    params: JSON.stringify(model.params),
    vocabulary_size: String(model.vectorizer.vocabulary.length),
    onnx_token_regex: ONNX_TOKEN_REGEX,
    sklearn_token_pattern: SKLEARN_TOKEN_PATTERN,
    string_normalizer_locale: 'C',
    calibration: calibrationMetadata(model.calibration),
  };
  if (labels.length === 2) meta.positive_class = labels[1];
  return meta;
}
