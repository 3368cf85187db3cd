import { onnx } from 'onnx-proto';

/**
 * Tiny ONNX text classifiers written for tests, one per way an upload can be right or wrong.
 * The valid one counts the words "wall" (red) and "care" (blue): StringNormalizer -> Tokenizer ->
 * TfIdfVectorizer -> MatMul -> Softmax, the same shape of graph as real text pipelines. `words`
 * gives it other vocabularies (e.g. `SPAM_CLASSIFIER`).
 */
const { AttributeType, DataType } = {
  AttributeType: onnx.AttributeProto.AttributeType,
  DataType: onnx.TensorProto.DataType,
};

const str = (name: string, value: string) => ({
  name,
  type: AttributeType.STRING,
  s: Buffer.from(value),
});
const int = (name: string, value: number) => ({ name, type: AttributeType.INT, i: value });
const ints = (name: string, values: number[]) => ({ name, type: AttributeType.INTS, ints: values });
const strs = (name: string, values: string[]) => ({
  name,
  type: AttributeType.STRINGS,
  strings: values.map((v) => Buffer.from(v)),
});

function valueInfo(name: string, elemType: number, dims: Array<string | number>) {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: {
          dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
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
  /** the words that vote for each of the two classes, in class order (default: care for blue, wall for red) */
  words?: [string[], string[]];
}

/** A spam filter: "casino", "winner", "click" and the like push to spam, everyday words to ham. */
export const SPAM_CLASSIFIER: FixtureOptions = {
  classes: ['ham', 'spam'],
  words: [
    ['meeting', 'thanks', 'agree', 'article', 'lunch', 'tomorrow', 'project', 'weekend'],
    ['casino', 'winner', 'click', 'prize', 'free', 'cash', 'bonus', 'offer'],
  ],
};

/** StringNormalizer -> Tokenizer -> TfIdfVectorizer: `text` in, `counts: float[N, words]` out (one column per word, in order). */
function wordCounter(words: string[], locale = 'C'): object[] {
  return [
    {
      opType: 'StringNormalizer',
      input: ['text'],
      output: ['normalized'],
      attribute: [str('case_change_action', 'LOWER'), str('locale', locale)],
    },
    {
      opType: 'Tokenizer',
      domain: 'com.microsoft',
      input: ['normalized'],
      output: ['tokens'],
      attribute: [
        int('mark', 0),
        int('mincharnum', 1),
        str('pad_value', '#'),
        str('tokenexp', '[\\p{L}\\p{N}_][\\p{L}\\p{N}_]+'),
      ],
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
        ints(
          'ngram_indexes',
          words.map((_, i) => i)
        ),
        strs('pool_strings', words),
      ],
    },
  ];
}

/**
 * Artifacts that differ byte for byte, each a little stronger than the last from `from`: a test's
 * uploads to one model must not repeat bytes (give each test file its own range).
 */
export function freshClassifiers(from: number, options: FixtureOptions = {}): () => Buffer {
  let strength = from;
  return () => textClassifierOnnx({ ...options, strength: (strength += 0.25) });
}

export function textClassifierOnnx(options: FixtureOptions = {}): Buffer {
  const classes = options.classes === undefined ? ['blue', 'red'] : options.classes;
  const strength = options.strength ?? 2;
  const [first, second] = options.words ?? [['care'], ['wall']];
  const textNodes = wordCounter([...first, ...second], options.locale ?? 'C');
  const nodes: object[] = [
    ...(options.numericInput ? [] : textNodes),
    {
      opType: 'MatMul',
      input: [options.numericInput ? 'text' : 'counts', 'weights'],
      output: ['logits'],
    },
    {
      opType: 'Softmax',
      input: ['logits'],
      output: [options.probabilitiesName ?? 'probabilities'],
      attribute: [int('axis', -1)],
    },
  ];
  if (options.extraNode) {
    nodes.push({
      opType: options.extraNode.opType,
      domain: options.extraNode.domain ?? '',
      input: ['logits'],
      output: ['extra'],
    });
  }
  const input = options.numericInput
    ? valueInfo('text', DataType.FLOAT, ['N', 2])
    : valueInfo('text', DataType.STRING, ['N']);
  const model = onnx.ModelProto.fromObject({
    irVersion: 8,
    producerName: 'model-manager-tests',
    opsetImport: [
      { domain: '', version: 17 },
      { domain: 'com.microsoft', version: 1 },
    ],
    metadataProps: classes ? [{ key: 'classes', value: JSON.stringify(classes) }] : [],
    graph: {
      name: 'fixture',
      node: nodes,
      // one row per word (care, wall by default), columns the two classes (blue, red): +strength for its own class, -strength for the other
      initializer: [
        {
          name: 'weights',
          dims: [first.length + second.length, 2],
          dataType: DataType.FLOAT,
          floatData: [
            ...first.flatMap(() => [strength, -strength]),
            ...second.flatMap(() => [-strength, strength]),
          ],
        },
      ],
      input: [input],
      output: [
        valueInfo(options.probabilitiesName ?? 'probabilities', DataType.FLOAT, ['N', 2]),
        ...(options.extraNode ? [valueInfo('extra', DataType.FLOAT, ['N', 2])] : []),
      ],
    },
  });
  return Buffer.from(onnx.ModelProto.encode(model).finish());
}

/**
 * Hostile uploads, each a text classifier by its signature (`text: string[N]` in,
 * `probabilities: float[N,2]` out, classes blue/red) with a trap inside:
 * - `loop`: a Loop of 2^40 iterations before the answer (wedges whoever runs it);
 * - `huge-allocation`: a ConstantOfShape of [N, 2, 200,000,000] floats (3.2 GB for two texts);
 * - `external-data`: its weights stored as external data pointing at `package.json`;
 * - `nan-always`: NaN probabilities for every text;
 * - `nan-on-poison`: sound answers, except NaN for any text holding the word "poison";
 * - `loop-on-spin`: sound answers, except a Loop of 10^12 trips per "spin" in the texts (its trip
 *   count is read from a word count, so the upload checks, which never say "spin", pass).
 */
export type HostileKind =
  | 'loop'
  | 'loop-on-spin'
  | 'huge-allocation'
  | 'external-data'
  | 'nan-always'
  | 'nan-on-poison';

const floatInit = (name: string, dims: number[], values: number[]) => ({
  name,
  dims,
  dataType: DataType.FLOAT,
  floatData: values,
});
const int64Init = (name: string, dims: number[], values: Array<number | string>) => ({
  name,
  dims,
  dataType: DataType.INT64,
  int64Data: values,
});

/** A Loop body that does nothing and never stops by itself: the trip count alone ends it. */
const SPIN_BODY = {
  name: 'spin',
  node: [
    { opType: 'Identity', input: ['cond_in'], output: ['cond_out'] },
    { opType: 'Identity', input: ['v_in'], output: ['v_out'] },
  ],
  input: [
    valueInfo('iter', DataType.INT64, []),
    valueInfo('cond_in', DataType.BOOL, []),
    valueInfo('v_in', DataType.FLOAT, [1]),
  ],
  output: [valueInfo('cond_out', DataType.BOOL, []), valueInfo('v_out', DataType.FLOAT, [1])],
};

function hostileParts(kind: HostileKind): {
  nodes: object[];
  initializer: object[];
  words: string[];
} {
  const weights = floatInit('weights', [2, 2], [2, -2, -2, 2]);
  const base = (logits = 'logits') => [
    { opType: 'MatMul', input: ['counts', 'weights'], output: [logits] },
  ];
  switch (kind) {
    case 'loop': {
      return {
        words: ['care', 'wall'],
        initializer: [
          weights,
          int64Init('trips', [], [String(2 ** 40)]),
          { name: 'keep_going', dims: [], dataType: DataType.BOOL, int32Data: [1] },
          floatInit('v0', [1], [0]),
        ],
        nodes: [
          ...base('raw'),
          {
            opType: 'Loop',
            input: ['trips', 'keep_going', 'v0'],
            output: ['v_final'],
            attribute: [{ name: 'body', type: AttributeType.GRAPH, g: SPIN_BODY }],
          },
          { opType: 'Add', input: ['raw', 'v_final'], output: ['logits'] },
        ],
      };
    }
    case 'loop-on-spin': {
      // trips = 10^12 x (number of "spin" in all the texts): 0 for ordinary texts
      return {
        words: ['care', 'wall', 'spin'],
        initializer: [
          floatInit('weights', [3, 2], [2, -2, -2, 2, 0, 0]),
          floatInit('pick_spin', [3, 1], [0, 0, 1]),
          floatInit('per_spin', [], [1e12]),
          { name: 'keep_going', dims: [], dataType: DataType.BOOL, int32Data: [1] },
          floatInit('v0', [1], [0]),
        ],
        nodes: [
          ...base('raw'),
          { opType: 'MatMul', input: ['counts', 'pick_spin'], output: ['spins'] },
          {
            opType: 'ReduceSum',
            input: ['spins'],
            output: ['all_spins'],
            attribute: [int('keepdims', 0)],
          },
          { opType: 'Mul', input: ['all_spins', 'per_spin'], output: ['trips_float'] },
          {
            opType: 'Cast',
            input: ['trips_float'],
            output: ['trips'],
            attribute: [int('to', DataType.INT64)],
          },
          {
            opType: 'Loop',
            input: ['trips', 'keep_going', 'v0'],
            output: ['v_final'],
            attribute: [{ name: 'body', type: AttributeType.GRAPH, g: SPIN_BODY }],
          },
          { opType: 'Add', input: ['raw', 'v_final'], output: ['logits'] },
        ],
      };
    }
    case 'huge-allocation':
      return {
        words: ['care', 'wall'],
        initializer: [
          weights,
          int64Init('tail', [2], [2, 200_000_000]),
          int64Init('axis2', [1], [2]),
          floatInit('zero', [], [0]),
        ],
        nodes: [
          ...base('raw'),
          { opType: 'Shape', input: ['text'], output: ['n'] },
          {
            opType: 'Concat',
            input: ['n', 'tail'],
            output: ['huge_shape'],
            attribute: [int('axis', 0)],
          },
          {
            opType: 'ConstantOfShape',
            input: ['huge_shape'],
            output: ['huge'],
            attribute: [
              { name: 'value', type: AttributeType.TENSOR, t: floatInit('one', [1], [1]) },
            ],
          },
          {
            opType: 'ReduceSum',
            input: ['huge', 'axis2'],
            output: ['sums'],
            attribute: [int('keepdims', 0)],
          },
          { opType: 'Mul', input: ['sums', 'zero'], output: ['nothing'] },
          { opType: 'Add', input: ['raw', 'nothing'], output: ['logits'] },
        ],
      };
    case 'external-data':
      return {
        words: ['care', 'wall'],
        initializer: [
          {
            name: 'weights',
            dims: [2, 2],
            dataType: DataType.FLOAT,
            dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
            externalData: [
              { key: 'location', value: 'package.json' },
              { key: 'offset', value: '0' },
              { key: 'length', value: '16' },
            ],
          },
        ],
        nodes: base(),
      };
    case 'nan-always':
      return {
        words: ['care', 'wall'],
        initializer: [weights, floatInit('nan', [], [NaN])],
        nodes: [...base('raw'), { opType: 'Mul', input: ['raw', 'nan'], output: ['logits'] }],
      };
    case 'nan-on-poison':
      // logits * sqrt(1 - 2 * poisons): unchanged without the word, sqrt(-1) = NaN with it
      return {
        words: ['care', 'wall', 'poison'],
        initializer: [
          floatInit('weights', [3, 2], [2, -2, -2, 2, 0, 0]),
          floatInit('pick_poison', [3, 1], [0, 0, 1]),
          floatInit('one', [], [1]),
          floatInit('two', [], [2]),
        ],
        nodes: [
          ...base('raw'),
          { opType: 'MatMul', input: ['counts', 'pick_poison'], output: ['poisons'] },
          { opType: 'Mul', input: ['poisons', 'two'], output: ['twice'] },
          { opType: 'Sub', input: ['one', 'twice'], output: ['radicand'] },
          { opType: 'Sqrt', input: ['radicand'], output: ['mask'] },
          { opType: 'Mul', input: ['raw', 'mask'], output: ['logits'] },
        ],
      };
  }
}

export function hostileOnnx(kind: HostileKind): Buffer {
  const { nodes, initializer, words } = hostileParts(kind);
  const model = onnx.ModelProto.fromObject({
    irVersion: 8,
    producerName: 'model-manager-tests',
    opsetImport: [
      { domain: '', version: 17 },
      { domain: 'com.microsoft', version: 1 },
    ],
    metadataProps: [{ key: 'classes', value: JSON.stringify(['blue', 'red']) }],
    graph: {
      name: `hostile-${kind}`,
      node: [
        ...wordCounter(words),
        ...nodes,
        {
          opType: 'Softmax',
          input: ['logits'],
          output: ['probabilities'],
          attribute: [int('axis', -1)],
        },
      ],
      initializer,
      input: [valueInfo('text', DataType.STRING, ['N'])],
      output: [valueInfo('probabilities', DataType.FLOAT, ['N', 2])],
    },
  });
  return Buffer.from(onnx.ModelProto.encode(model).finish());
}
