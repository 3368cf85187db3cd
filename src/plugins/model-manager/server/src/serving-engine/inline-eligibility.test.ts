import { onnx } from 'onnx-proto';
import { inlineVerdict } from './inline-eligibility';

const graph = (nodes: Array<{ opType: string; domain?: string; weights?: boolean }>) =>
  onnx.ModelProto.fromObject({
    graph: {
      initializer: nodes.flatMap((n, i) =>
        n.weights ? [{ name: `w${i}`, dims: [1], dataType: 1, floatData: [1] }] : []
      ),
      node: nodes.map(({ weights, ...n }, i) => ({
        ...n,
        input: weights ? [`x${i}`, `w${i}`] : [`x${i}`, `x${i}`],
        output: [`x${i + 1}`],
      })),
    },
  });

describe('which graphs may run on the serving thread', () => {
  it('a scikit-learn TF-IDF + logistic regression export is bounded', () => {
    const ops = [
      { opType: 'StringNormalizer' },
      { opType: 'Tokenizer', domain: 'com.microsoft' },
      { opType: 'TfIdfVectorizer' },
      { opType: 'MatMul', weights: true },
      { opType: 'Normalizer', domain: 'ai.onnx.ml' },
      { opType: 'LinearClassifier', domain: 'ai.onnx.ml' },
      { opType: 'Reshape' },
    ];
    expect(inlineVerdict(graph(ops))).toEqual({ eligible: true });
  });

  it.each([
    ['Loop', undefined, 'Loop'],
    ['ConstantOfShape', undefined, 'ConstantOfShape'],
    ['Expand', undefined, 'Expand'],
    ['Tokenizer', 'com.example', 'com.example.Tokenizer'],
  ])('%s (domain %s) keeps it on the worker threads', (opType, domain, blockedBy) => {
    expect(inlineVerdict(graph([{ opType: 'StringNormalizer' }, { opType, domain }]))).toEqual({
      eligible: false,
      blockedBy,
    });
  });

  it('a product of two computed tensors (its cost can grow with the square of a text) keeps it on the worker threads', () => {
    expect(
      inlineVerdict(graph([{ opType: 'Tokenizer', domain: 'com.microsoft' }, { opType: 'MatMul' }]))
    ).toEqual({ eligible: false, blockedBy: 'MatMul of two computed operands' });
  });
});
