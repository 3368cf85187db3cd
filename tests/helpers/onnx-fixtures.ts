import { onnx } from 'onnx-proto';

/**
 * Tiny ONNX text classifiers written for tests, one per way an upload can be right or wrong.
 * The valid one counts the words "wall" (red) and "care" (blue): StringNormalizer -> Tokenizer ->
 * TfIdfVectorizer -> MatMul -> Softmax, the same shape of graph as real text pipelines.
 */
const { AttributeType, DataType } = { AttributeType: onnx.AttributeProto.AttributeType, DataType: onnx.TensorProto.DataType };

const str = (name: string, value: string) => ({ name, type: AttributeType.STRING, s: Buffer.from(value) });
const int = (name: string, value: number) => ({ name, type: AttributeType.INT, i: value });
const ints = (name: string, values: number[]) => ({ name, type: AttributeType.INTS, ints: values });
const strs = (name: string, values: string[]) => ({ name, type: AttributeType.STRINGS, strings: values.map((v) => Buffer.from(v)) });

function valueInfo(name: string, elemType: number, dims: Array<string | number>) {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

export interface FixtureOptions {
  /** class names written to the `classes` metadata, in output order; null writes none */
  classes?: string[] | null;
  locale?: string;
  /** a numeric model (float[N,2] in) instead of a text one: loads, but breaks the text contract */
  numericInput?: boolean;
  probabilitiesName?: string;
  extraNode?: { opType: string; domain?: string };
  /** changes the weights, so the bytes (and hash) differ while the signature stays the same */
  strength?: number;
}

export function textClassifierOnnx(options: FixtureOptions = {}): Buffer {
  const classes = options.classes === undefined ? ['blue', 'red'] : options.classes;
  const strength = options.strength ?? 2;
  const textNodes: object[] = [
    { opType: 'StringNormalizer', input: ['text'], output: ['normalized'], attribute: [str('case_change_action', 'LOWER'), str('locale', options.locale ?? 'C')] },
    {
      opType: 'Tokenizer',
      domain: 'com.microsoft',
      input: ['normalized'],
      output: ['tokens'],
      attribute: [int('mark', 0), int('mincharnum', 1), str('pad_value', '#'), str('tokenexp', '[\\p{L}\\p{N}_][\\p{L}\\p{N}_]+')],
    },
    {
      opType: 'TfIdfVectorizer',
      input: ['tokens'],
      output: ['counts'],
      attribute: [
        str('mode', 'TF'),
        int('min_gram_length', 1),
        int('max_gram_length', 1),
        int('max_skip_count', 0),
        ints('ngram_counts', [0]),
        ints('ngram_indexes', [0, 1]),
        strs('pool_strings', ['care', 'wall']),
      ],
    },
  ];
  const nodes: object[] = [
    ...(options.numericInput ? [] : textNodes),
    { opType: 'MatMul', input: [options.numericInput ? 'text' : 'counts', 'weights'], output: ['logits'] },
    { opType: 'Softmax', input: ['logits'], output: [options.probabilitiesName ?? 'probabilities'], attribute: [int('axis', -1)] },
  ];
  if (options.extraNode) {
    nodes.push({ opType: options.extraNode.opType, domain: options.extraNode.domain ?? '', input: ['logits'], output: ['extra'] });
  }
  const input = options.numericInput ? valueInfo('text', DataType.FLOAT, ['N', 2]) : valueInfo('text', DataType.STRING, ['N']);
  const model = onnx.ModelProto.fromObject({
    irVersion: 8,
    producerName: 'model-manager-tests',
    opsetImport: [{ domain: '', version: 17 }, { domain: 'com.microsoft', version: 1 }],
    metadataProps: classes ? [{ key: 'classes', value: JSON.stringify(classes) }] : [],
    graph: {
      name: 'fixture',
      node: nodes,
      // rows: care, wall; columns: blue, red
      initializer: [{ name: 'weights', dims: [2, 2], dataType: DataType.FLOAT, floatData: [strength, -strength, -strength, strength] }],
      input: [input],
      output: [
        valueInfo(options.probabilitiesName ?? 'probabilities', DataType.FLOAT, ['N', 2]),
        ...(options.extraNode ? [valueInfo('extra', DataType.FLOAT, ['N', 2])] : []),
      ],
    },
  });
  return Buffer.from(onnx.ModelProto.encode(model).finish());
}
