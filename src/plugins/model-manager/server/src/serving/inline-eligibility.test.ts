import { onnx } from 'onnx-proto';
import { inlineVerdict } from './inline-eligibility';

const graph = (nodes: Array<{ opType: string; domain?: string }>) =>
  onnx.ModelProto.fromObject({ graph: { node: nodes.map((n, i) => ({ ...n, input: [`x${i}`], output: [`x${i + 1}`] })) } });

describe('which graphs may run on the serving thread', () => {
  it('a scikit-learn TF-IDF + logistic regression export is bounded', () => {
    const ops = [
      { opType: 'StringNormalizer' },
      { opType: 'Tokenizer', domain: 'com.microsoft' },
      { opType: 'TfIdfVectorizer' },
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
    expect(inlineVerdict(graph([{ opType: 'StringNormalizer' }, { opType, domain }]))).toEqual({ eligible: false, blockedBy });
  });
});
