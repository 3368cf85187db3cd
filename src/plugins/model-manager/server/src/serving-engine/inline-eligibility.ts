import type { onnx } from 'onnx-proto';

/**
 * May this graph run on the serving event loop? Only when every node is an operator whose output
 * size is bounded by its inputs' sizes and the model's own weights: no control flow (Loop, Scan,
 * If) and nothing that makes a tensor of a size read from data (ConstantOfShape, Expand, Tile,
 * Range, Pad, OneHot, Resize), and no product of two computed tensors. The runtime still times the
 * session at load, a text of the longest allowed length included; everything else runs on the
 * worker threads.
 */
const BOUNDED: Record<string, ReadonlySet<string>> = {
  '': new Set(
    [
      'Abs Add And ArgMax ArgMin Cast Clip Concat Constant Div Dropout Equal Erf Exp Flatten Gather Gemm Greater GreaterOrEqual',
      'Identity LeakyRelu Less LessOrEqual Log LogSoftmax MatMul Max Mean Min Mul Neg Not Or Pow Reciprocal ReduceL2 ReduceLogSumExp',
      'ReduceMax ReduceMean ReduceMin ReduceSum Relu Reshape Shape Sigmoid Size Slice Softmax Softplus Sqrt Squeeze StringNormalizer',
      'Sub Sum Tanh TfIdfVectorizer Transpose Unsqueeze Where',
    ]
      .join(' ')
      .split(' ')
  ),
  'ai.onnx.ml': new Set(
    'ArrayFeatureExtractor Binarizer Imputer LabelEncoder LinearClassifier LinearRegressor Normalizer Scaler TreeEnsembleClassifier TreeEnsembleRegressor ZipMap'.split(
      ' '
    )
  ),
  'com.microsoft': new Set(['Tokenizer']), // RE2 underneath: linear in the text
};

export interface InlineVerdict {
  eligible: boolean;
  /** the first operator that keeps it on the worker threads */
  blockedBy?: string;
}

/** Products whose second operand must be the model's own weights: two data-made operands can cost the square of a text's length. */
const WEIGHTED = new Set(['MatMul', 'Gemm']);

export function inlineVerdict(proto: onnx.IModelProto): InlineVerdict {
  const graph = proto.graph;
  const weights = new Set((graph?.initializer ?? []).map((t) => t.name ?? ''));
  for (const node of graph?.node ?? [])
    if (node.opType === 'Constant') for (const out of node.output ?? []) weights.add(out);
  for (const node of graph?.node ?? []) {
    const domain = node.domain ?? '';
    const name = `${domain ? domain + '.' : ''}${node.opType ?? '?'}`;
    if (!BOUNDED[domain]?.has(node.opType ?? '')) return { eligible: false, blockedBy: name };
    if (!domain && WEIGHTED.has(node.opType ?? '') && !weights.has(node.input?.[1] ?? ''))
      return { eligible: false, blockedBy: `${name} of two computed operands` };
  }
  return { eligible: true };
}
