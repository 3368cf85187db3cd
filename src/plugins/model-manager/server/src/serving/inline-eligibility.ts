import type { onnx } from 'onnx-proto';

/**
 * May this graph run on the serving event loop? Only when every node is an operator whose output
 * size is bounded by its inputs' sizes and the model's own weights: no control flow (Loop, Scan,
 * If) and nothing that makes a tensor of a size read from data (ConstantOfShape, Expand, Tile,
 * Range, Pad, OneHot, Resize). Such a graph costs at most a fixed amount per input character, which
 * the runtime measures once at load; everything else runs on the worker threads.
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
    'ArrayFeatureExtractor Binarizer Imputer LabelEncoder LinearClassifier LinearRegressor Normalizer Scaler TreeEnsembleClassifier TreeEnsembleRegressor ZipMap'.split(' ')
  ),
  'com.microsoft': new Set(['Tokenizer']), // RE2 underneath: linear in the text
};

export interface InlineVerdict {
  eligible: boolean;
  /** the first operator that keeps it on the worker threads */
  blockedBy?: string;
}

export function inlineVerdict(proto: onnx.IModelProto): InlineVerdict {
  for (const node of proto.graph?.node ?? []) {
    const domain = node.domain ?? '';
    if (!BOUNDED[domain]?.has(node.opType ?? '')) return { eligible: false, blockedBy: `${domain ? domain + '.' : ''}${node.opType ?? '?'}` };
  }
  return { eligible: true };
}
