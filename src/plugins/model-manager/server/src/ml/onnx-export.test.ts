import { onnx } from 'onnx-proto';
import { exportToOnnx } from './onnx-export';
import { maxAbsDiff, runTextModel } from './onnx-test-support';
import { trainTextClassifier } from './calibrated-training';
import type { TrainParams } from './train-params';

const corpus = [
  { text: "L'école est fermée", label: 'fr' },
  { text: 'Ça va bien à l’école', label: 'fr' },
  { text: 'Élève et école, ça va', label: 'fr' },
  { text: 'Señor, ¿qué tal?', label: 'es' },
  { text: 'El niño y el señor', label: 'es' },
  { text: 'Mañana, señor niño', label: 'es' },
  { text: 'The school is closed', label: 'en' },
  { text: 'Fine thanks, the school', label: 'en' },
  { text: 'The kid and the man', label: 'en' },
];
const probes = [
  ...corpus.map((c) => c.text),
  'ÉCOLE FERMÉE',
  'École',
  'SEÑOR NIÑO',
  'Mañana',
  'ÇA VA',
  'ça va',
  'THE SCHOOL',
  '',
  'a',
  '!!!',
  'señor señor señor',
  'école école',
  'Señor école school',
];
const base: Partial<TrainParams> = {
  algorithm: 'logistic-regression',
  ngramRange: [1, 2],
  minDf: 1,
  C: 10,
};

function decode(bytes: Uint8Array): onnx.ModelProto {
  return onnx.ModelProto.decode(bytes);
}

function graphOf(proto: onnx.ModelProto): onnx.GraphProto {
  if (!proto.graph) throw new Error('model has no graph');
  return onnx.GraphProto.fromObject(proto.graph);
}

describe('exportToOnnx', () => {
  it('writes the serving contract: IR 8, opsets, graph, outputs, metadata', () => {
    const model = trainTextClassifier(corpus, base);
    const proto = decode(exportToOnnx(model));
    expect(Number(proto.irVersion)).toBe(8);
    expect(proto.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([
      ['', 17],
      ['com.microsoft', 1],
    ]);
    const graph = graphOf(proto);
    expect(graph.node.map((n) => n.opType)).toEqual([
      'StringNormalizer',
      'Tokenizer',
      'TfIdfVectorizer',
      'Greater',
      'Cast',
      'Max',
      'Log',
      'Add',
      'Mul',
      'Mul',
      'ReduceSum',
      'Sqrt',
      'Max',
      'Div',
      'MatMul',
      'Add',
      'Gemm',
      'Softmax',
      'ArgMax',
      'Gather',
    ]);
    const calibration = graph.node.find((n) => n.name === 'calibration');
    expect(calibration).toMatchObject({
      opType: 'Gemm',
      input: ['scores', 'calibration_scale', 'calibration_bias'],
      output: ['calibrated_scores'],
    });
    const normalizer = (graph.node[0].attribute ?? []).find((a) => a.name === 'locale');
    expect(new TextDecoder().decode(normalizer?.s ?? new Uint8Array())).toBe('C');
    expect(graph.input.map((i) => i.name)).toEqual(['text']);
    expect(graph.output.map((o) => o.name)).toEqual(['label', 'probabilities']);
    const meta = Object.fromEntries(proto.metadataProps.map((p) => [p.key, p.value]));
    expect(JSON.parse(meta.classes)).toEqual(['en', 'es', 'fr']);
    expect(JSON.parse(meta.calibration)).toEqual({
      method: 'temperature',
      temperature: model.calibration.method === 'temperature' ? model.calibration.temperature : NaN,
    });
    expect(meta.producer).toBe('model-manager');
    expect(meta.input).toBe('text: string[N]');
    expect(meta.outputs).toBe('label: string[N]; probabilities: float[N,3] (en, es, fr)');
    expect(JSON.parse(meta.params)).toEqual(model.params);
    expect(meta.vocabulary_size).toBe(String(model.vectorizer.vocabulary.length));
    expect(meta.positive_class).toBeUndefined(); // only for two classes
  });

  it('names the positive class of a binary model and takes extra metadata', () => {
    const binary = corpus.filter((c) => c.label !== 'en');
    const proto = decode(
      exportToOnnx(trainTextClassifier(binary, base), { metadata: { dataset: 'toy' } })
    );
    const meta = Object.fromEntries(proto.metadataProps.map((p) => [p.key, p.value]));
    expect(meta.classes).toBe('["es", "fr"]');
    expect(meta.positive_class).toBe('fr');
    expect(meta.dataset).toBe('toy');
  });

  it.each<[string, Partial<TrainParams>]>([
    ['LR, 1-2-grams, sublinear', {}],
    ['LR, 1-3-grams, raw tf', { ngramRange: [1, 3], sublinearTf: false }],
    ['LR, bigrams only', { ngramRange: [2, 2] }],
    ['naive Bayes, 1-3-grams', { algorithm: 'naive-bayes', alpha: 0.5, ngramRange: [1, 3] }],
  ])(
    'matches the trainer in onnxruntime, Unicode case and empty texts included: %s',
    async (_, params) => {
      const model = trainTextClassifier(corpus, { ...base, ...params });
      const ort = await runTextModel(exportToOnnx(model), probes);
      expect(maxAbsDiff(ort.probabilities, model.predictProba(probes))).toBeLessThan(1e-5);
      expect(ort.labels).toEqual(model.predict(probes));
      // a capitalised or uppercase accented word scores like its lowercase form
      const [upper, lower] = model.predictProba(['ÉCOLE', 'école']);
      expect(upper).toEqual(lower);
    }
  );

  it('runs a batch in which no text has a token', async () => {
    const model = trainTextClassifier(corpus, base);
    const ort = await runTextModel(exportToOnnx(model), ['', '!', 'a b']);
    expect(maxAbsDiff(ort.probabilities, model.predictProba(['', '!', 'a b']))).toBeLessThan(1e-6);
  });

  it('refuses a stemmed model', () => {
    const model = trainTextClassifier(corpus, { ...base, stem: true });
    expect(() => exportToOnnx(model)).toThrow(/stemming/);
  });
});
