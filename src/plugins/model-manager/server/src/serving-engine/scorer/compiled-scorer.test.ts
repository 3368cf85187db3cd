import { readdirSync, readFileSync } from 'fs';
import path from 'path';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import { onnx } from 'onnx-proto';
import { exportToOnnx, trainTextClassifier } from '../../ml';
import { defaultDataDir } from '../../ml/dataset';
import { HeldModels } from '../held-models';
import { OnnxTextClassifier } from '../onnx-text-classifier';
import { ScorerRefusal } from './compile';
import { CompiledScorer } from './compiled-scorer';
import { PARITY_TOLERANCE } from './parity';
import { handedBackExport } from './scorer-test-support';

/**
 * The compiled scorer against onnxruntime itself, on the real exports in the shared data folder
 * (MODEL_MANAGER_DATA_DIR, default ../shared/data) and on our own exports.
 */
const DATA = defaultDataDir();
const MODELS = path.join(DATA, 'models');
const onnxFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? onnxFiles(path.join(dir, e.name))
      : e.name.endsWith('.onnx')
        ? [path.join(dir, e.name)]
        : []
  );
// Labelled texts that ship beside the foreign model (its test vectors): texts to score and to train on.
const vectors = JSON.parse(
  readFileSync(path.join(MODELS, 'sklearn_tfidf_lr.testvectors.json'), 'utf8')
) as { texts: string[]; labels: string[] };
const holdout = vectors.texts.map((text, i) => ({ text, label: vectors.labels[i] }));
const TEXTS = [
  ...holdout.slice(0, 150).map((r) => r.text),
  'WIN FREE cash NOW!!! Call 0800 to claim your prize',
  'Meet me at the café tomorrow, Ünïcode and ÉCOLE',
  'plate from us-ca with a bear and mountains',
];
const options = { intraOpNumThreads: 1, interOpNumThreads: 1 };
const HASH = 'a'.repeat(64);

/** onnxruntime's own probabilities (and extra outputs) for the texts, on the serving graph. */
async function reference(bytes: Uint8Array, texts: string[]) {
  const classifier = await OnnxTextClassifier.load(bytes, options);
  try {
    return (await classifier.runFlat(texts, 16)).probabilities;
  } finally {
    await classifier.dispose();
  }
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
}

describe('compiled scorers of the real scikit-learn exports', () => {
  const files = onnxFiles(MODELS);

  it('finds the exports', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files.map((f) => [path.relative(MODELS, f), f]))(
    '%s: compiled and serving what onnxruntime answers, or refused by the serving contract itself',
    async (_, file) => {
      const bytes = readFileSync(file);
      const held = new HeldModels();
      let info;
      try {
        info = await held.load(HASH, bytes, options);
      } catch (error) {
        // a two-column model is no text classifier predict can feed: neither engine serves it
        expect((error as Error).message).toMatch(/text columns/);
        return;
      }
      expect(info.engine).toMatchObject({ kind: 'compiled' });
      expect(info.engine.parity!.maxDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
      const { probabilities } = await held.run(HASH, TEXTS, 16);
      expect(maxDiff(probabilities, await reference(bytes, TEXTS))).toBeLessThanOrEqual(1e-6);
      await held.release(HASH);
    }
  );

  it('reproduces what scikit-learn itself predicted for the 1,201 holdout texts', () => {
    const bytes = readFileSync(path.join(MODELS, 'sklearn_tfidf_lr.onnx'));
    const vectors = JSON.parse(
      readFileSync(path.join(MODELS, 'sklearn_tfidf_lr.testvectors.json'), 'utf8')
    ) as { texts: string[]; sklearn_proba_red: number[] };
    const scorer = CompiledScorer.compile(onnx.ModelProto.decode(bytes), 'probabilities');
    const p = scorer.probabilities(vectors.texts);
    const worst = vectors.sklearn_proba_red.reduce(
      (m, red, i) => Math.max(m, Math.abs(p[2 * i + 1] - red)),
      0
    );
    expect(worst).toBeLessThan(1e-6);
  });

  it('explains a foreign model exactly: token weights plus the bias are the log-odds', async () => {
    const file = path.join(MODELS, 'real_skl2onnx', 'real_skl2onnx_spam_lr.onnx');
    const held = new HeldModels();
    const info = await held.load(HASH, readFileSync(file), options);
    expect(info.linear).toBe(true);
    const texts = ['free prize call now to claim', 'are you coming to the meeting', 'nothing'];
    const { probabilities } = await held.run(HASH, texts, 16);
    const predicted = texts.map((_, i) =>
      probabilities[2 * i + 1] > probabilities[2 * i] ? 1 : 0
    );
    const explained = await held.explain(HASH, texts, predicted, 16);
    explained.forEach((e, i) => {
      const k = predicted[i];
      const logOdds = Math.log(probabilities[2 * i + k] / probabilities[2 * i + 1 - k]);
      expect(e.tokens.reduce((s, t) => s + t.weight, 0) + e.bias).toBeCloseTo(logOdds, 4);
      for (const t of e.tokens) expect(texts[i].slice(t.start, t.end)).toBe(t.text);
    });
    expect(explained[0].tokens.some((t) => t.weight !== 0)).toBe(true);
    await held.release(HASH);
  });
});

/**
 * A multinomial naive Bayes head as skl2onnx writes it (joint log-likelihood, ReduceLogSumExp, Sub,
 * Exp), put on the real spam export's TF-IDF in place of its LinearClassifier: no real naive-Bayes
 * export is at hand, so its formulas are checked on this one against onnxruntime.
 */
function naiveBayesOnSpam(): Uint8Array {
  const model = onnx.ModelProto.decode(
    readFileSync(path.join(MODELS, 'real_skl2onnx', 'real_skl2onnx_spam_lr.onnx'))
  );
  const graph = model.graph!;
  const classifier = graph.node!.find((n) => n.opType === 'LinearClassifier')!;
  const F = 40;
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const logProb = Array.from({ length: F * 2 }, () => Math.log(0.001 + random()));
  const float = (name: string, dims: number[], floatData: number[]) =>
    onnx.TensorProto.fromObject({
      name,
      dims,
      dataType: onnx.TensorProto.DataType.FLOAT,
      floatData,
    });
  graph.initializer!.push(
    float('feature_log_prob', [F, 2], logProb),
    float('class_log_prior', [2], [Math.log(0.7), Math.log(0.3)]),
    onnx.TensorProto.fromObject({
      name: 'axis',
      dims: [1],
      dataType: onnx.TensorProto.DataType.INT64,
      int64Data: [1],
    })
  );
  const node = (opType: string, input: string[], output: string[], attribute: object[] = []) =>
    onnx.NodeProto.fromObject({ opType, input, output, attribute });
  graph.node!.splice(
    graph.node!.indexOf(classifier),
    1,
    node('MatMul', [classifier.input![0], 'feature_log_prob'], ['dot']),
    node('Add', ['dot', 'class_log_prior'], ['jll']),
    node(
      'ReduceLogSumExp',
      ['jll'],
      ['log_prob_x'],
      [
        { name: 'axes', type: 7, ints: [1] },
        { name: 'keepdims', type: 2, i: 1 },
      ]
    ),
    node('Sub', ['jll', 'log_prob_x'], ['log_proba']),
    node('Exp', ['log_proba'], ['probabilities']),
    node('ArgMax', ['jll'], ['label'], [{ name: 'axis', type: 2, i: 1 }])
  );
  model.metadataProps = [
    onnx.StringStringEntryProto.fromObject({ key: 'classes', value: '["ham", "spam"]' }),
  ];
  model.opsetImport = model.opsetImport!.map((o) => (o.domain ? o : { domain: '', version: 17 }));
  return onnx.ModelProto.encode(model).finish();
}

describe('a naive Bayes head (skl2onnx formulas)', () => {
  it('compiles, agrees with onnxruntime and explains exactly', async () => {
    const bytes = naiveBayesOnSpam();
    const held = new HeldModels();
    const info = await held.load(HASH, bytes, options);
    expect(info.engine.kind).toBe('compiled');
    expect(info.linear).toBe(true);
    const texts = ['free prize call now to claim', 'are you coming to the meeting'];
    const { probabilities } = await held.run(HASH, texts, 16);
    expect(maxDiff(probabilities, await reference(bytes, texts))).toBeLessThanOrEqual(1e-6);
    const [e] = await held.explain(HASH, texts.slice(0, 1), [1], 16);
    const total = e.tokens.reduce((s, t) => s + t.weight, 0) + e.bias;
    expect(total).toBeCloseTo(Math.log(probabilities[1] / probabilities[0]), 4);
    await held.release(HASH);
  });
});

describe('compiled scorers of our own exports', () => {
  const rows = holdout.slice(0, 400);
  it.each<[string, Parameters<typeof trainTextClassifier>[1]]>([
    ['the trainer defaults (naive Bayes, 1-3-grams, sublinear tf)', {}],
    [
      'logistic regression, 1-2-grams, raw tf',
      { algorithm: 'logistic-regression', ngramRange: [1, 2], sublinearTf: false },
    ],
  ])('%s: same probabilities, evidence and explanations as onnxruntime', async (_, params) => {
    const bytes = exportToOnnx(trainTextClassifier(rows, { minDf: 2, ...params }));
    const compiled = new HeldModels();
    const plain = new HeldModels();
    expect((await compiled.load(HASH, bytes, options)).engine.kind).toBe('compiled');
    expect(
      (await plain.load(HASH, bytes, { ...options, compiledScorers: false })).engine
    ).toMatchObject({
      kind: 'onnxruntime',
      reason: expect.stringMatching(/turned off/),
    });
    const a = await compiled.run(HASH, TEXTS, 16);
    const b = await plain.run(HASH, TEXTS, 16);
    expect(maxDiff(a.probabilities, b.probabilities)).toBeLessThanOrEqual(1e-6);
    expect(Array.from(a.evidence!)).toEqual(Array.from(b.evidence!));
    const predicted = TEXTS.map(() => 1);
    const ea = await compiled.explain(HASH, TEXTS.slice(0, 20), predicted, 16);
    const eb = await plain.explain(HASH, TEXTS.slice(0, 20), predicted, 16);
    ea.forEach((e, i) => {
      expect(e.bias).toBeCloseTo(eb[i].bias, 6);
      e.tokens.forEach((t, j) => expect(t.weight).toBeCloseTo(eb[i].tokens[j].weight, 5));
    });
    await compiled.release(HASH);
    await plain.release(HASH);
  });
});

describe('what stays on onnxruntime', () => {
  const spam = () =>
    onnx.ModelProto.decode(
      readFileSync(path.join(MODELS, 'real_skl2onnx', 'real_skl2onnx_spam_lr.onnx'))
    );

  it('a compiled form whose weight was tampered with fails the parity check, and onnxruntime serves', async () => {
    const bytes = exportToOnnx(trainTextClassifier(holdout.slice(0, 400), { minDf: 2 }));
    const tampering = new HeldModels({
      compile: (model, output, extra) => {
        const scorer = CompiledScorer.compile(model, output, extra);
        scorer.head!.weights[scorer.head!.weights.length - 1] += 0.05; // the last feature's last class
        return scorer;
      },
    });
    const info = await tampering.load(HASH, bytes, options);
    expect(info.engine.kind).toBe('onnxruntime');
    expect(info.engine.reason).toMatch(/disagreed with onnxruntime by .* \(tolerance 0.000001\)/);
    const { probabilities } = await tampering.run(HASH, TEXTS, 16);
    const plain = new HeldModels();
    await plain.load(HASH, bytes, { ...options, compiledScorers: false });
    expect(Array.from(probabilities)).toEqual(
      Array.from((await plain.run(HASH, TEXTS, 16)).probabilities)
    );
    await tampering.release(HASH);
    await plain.release(HASH);
  });

  it('a graph with an operator the compiler does not model is refused with its name, and served by onnxruntime', async () => {
    const model = spam();
    const graph = model.graph!;
    const normalizer = graph.node!.find((n) => n.opType === 'Normalizer')!;
    const classifier = graph.node!.find((n) => n.opType === 'LinearClassifier')!;
    graph.node!.splice(
      graph.node!.indexOf(classifier),
      0,
      onnx.NodeProto.fromObject({
        opType: 'Tanh',
        input: [normalizer.output![0]],
        output: ['squashed'],
        name: 'squash',
      })
    );
    classifier.input = ['squashed'];
    const bytes = onnx.ModelProto.encode(model).finish();
    expect(() => CompiledScorer.compile(onnx.ModelProto.decode(bytes), 'probabilities')).toThrow(
      ScorerRefusal
    );
    const held = new HeldModels();
    const info = await held.load(HASH, bytes, options);
    expect(info.engine).toEqual({
      kind: 'onnxruntime',
      reason: expect.stringMatching(/operator Tanh is not modelled/),
    });
    expect(info.linear).toBe(false);
    const { probabilities } = await held.run(HASH, TEXTS, 16);
    expect(maxDiff(probabilities, await reference(bytes, TEXTS))).toBe(0);
    await held.release(HASH);
  });

  it.each([
    [
      'a token pattern with alternation',
      (m: onnx.ModelProto) => setAttr(m, 'Tokenizer', 'tokenexp', '(ab|a)+c'),
      /not a repeated character class/,
    ],
    [
      'a tokenizer that splits on separators',
      (m: onnx.ModelProto) => setAttr(m, 'Tokenizer', 'tokenexp', null),
      /separators/,
    ],
    [
      'stopwords',
      (m: onnx.ModelProto) => setAttr(m, 'StringNormalizer', 'stopwords', ['the']),
      /stopwords/,
    ],
    [
      'a vocabulary holding the padding',
      (m: onnx.ModelProto) => setAttr(m, 'Tokenizer', 'pad_value', 'account'),
      /pad value/,
    ],
    [
      'a locale other than C',
      (m: onnx.ModelProto) => setAttr(m, 'StringNormalizer', 'locale', 'en_US.UTF-8'),
      /locale/,
    ],
  ])('the compiler refuses %s, naming it', (_, change, reason) => {
    const model = spam();
    change(model);
    expect(() => CompiledScorer.compile(model, 'probabilities')).toThrow(reason);
  });
});

describe('a compiled model that needs onnxruntime after all', () => {
  const { bytes, flood } = handedBackExport(holdout.slice(0, 400));
  const texts = [...TEXTS.slice(0, 20), flood];

  it('keeps no artifact bytes: a batch its scorer hands back is answered by onnxruntime, created once from the artifact fetched again', async () => {
    const fetched: string[] = [];
    const held = new HeldModels({
      source: async (hash) => {
        fetched.push(hash);
        return bytes;
      },
    });
    const plain = new HeldModels();
    expect((await held.load(HASH, bytes, options)).engine.kind).toBe('compiled');
    await plain.load(HASH, bytes, { ...options, compiledScorers: false });

    await held.run(HASH, TEXTS.slice(0, 20), 16);
    expect([fetched.length, held.fallbacks]).toEqual([0, 0]);
    const mine = await held.run(HASH, texts, 16);
    const theirs = await plain.run(HASH, texts, 16);
    expect(Array.from(mine.probabilities)).toEqual(Array.from(theirs.probabilities));
    expect(Array.from(mine.evidence!)).toEqual(Array.from(theirs.evidence!));
    const predicted = texts.map(() => 1);
    const [explained, reference] = [
      await held.explain(HASH, texts, predicted, 16),
      await plain.explain(HASH, texts, predicted, 16),
    ];
    explained.forEach((e, i) => {
      expect(e.bias).toBe(reference[i].bias);
      e.tokens.forEach((t, j) => expect(t.weight).toBeCloseTo(reference[i].tokens[j].weight, 10));
    });
    expect([fetched, held.fallbacks]).toEqual([[HASH], 1]);
    await held.release(HASH);
    await plain.release(HASH);
  });

  it('refuses an artifact fetched again with other bytes, naming it, and the scorer serves on', async () => {
    const other = Uint8Array.from(bytes);
    other[other.length - 1] ^= 1; // one bit of the store's copy changed
    const held = new HeldModels({ source: async () => other });
    await held.load(HASH, bytes, options);

    await expect(held.run(HASH, [flood], 16)).rejects.toThrow(
      `artifact ${HASH.slice(0, 12)} was fetched again with other bytes than the ones loaded`
    );
    expect((await held.run(HASH, TEXTS, 16)).probabilities).toHaveLength(TEXTS.length * 2);
    await held.release(HASH);
  });
});

describe('what a compiled scorer keeps', () => {
  it('none of the decoded graph: it can be collected while the scorer serves', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const bytes = exportToOnnx(trainTextClassifier(holdout.slice(0, 400), { minDf: 2 }));
    const compileOne = () => {
      const model = onnx.ModelProto.decode(bytes);
      return {
        scorer: CompiledScorer.compile(model, 'probabilities'),
        graph: new WeakRef(model.graph!),
      };
    };
    const { scorer, graph } = compileOne();
    await new Promise((resolve) => setImmediate(resolve)); // a WeakRef holds until the job ends
    gc();
    expect(graph.deref()).toBeUndefined();
    expect(scorer.probabilities(['a text to score']).length).toBe(scorer.width);
  });
});

function setAttr(
  model: onnx.ModelProto,
  opType: string,
  name: string,
  value: string | string[] | null
) {
  const node = model.graph!.node!.find((n) => n.opType === opType)!;
  node.attribute = (node.attribute ?? []).filter((a) => a.name !== name);
  if (value === null) return;
  node.attribute.push(
    onnx.AttributeProto.fromObject(
      Array.isArray(value)
        ? {
            name,
            type: onnx.AttributeProto.AttributeType.STRINGS,
            strings: value.map((v) => Buffer.from(v)),
          }
        : { name, type: onnx.AttributeProto.AttributeType.STRING, s: Buffer.from(value) }
    )
  );
}
