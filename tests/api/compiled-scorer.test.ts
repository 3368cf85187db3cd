import fs from 'fs';
import path from 'path';
import { createHash } from 'crypto';
import { onnx } from 'onnx-proto';
import { OnnxTextClassifier } from '../../src/plugins/model-manager/server/src/serving-engine/onnx-text-classifier';
import { handedBackExport } from '../../src/plugins/model-manager/server/src/serving-engine/scorer/scorer-test-support';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { DATA_DIR, foreignTestVectors } from '../helpers/data';
import { createModel, deploy } from '../helpers/models';
import { startApp, type TestApp } from '../helpers/strapi';

/**
 * A real skl2onnx export (read from the shared data folder) served by the scorer compiled from its
 * own weights: GET /runtime says so and why, and its explanations are exact.
 */
const FILE = path.join(DATA_DIR, 'models', 'real_skl2onnx', 'real_skl2onnx_spam_lr_zipmap.onnx');
const present = fs.existsSync(FILE);
if (!present) console.warn(`compiled-scorer tests SKIPPED: ${FILE} is absent`);

interface Token {
  text: string;
  start: number;
  end: number;
  weight: number;
}

(present ? describe : describe.skip)('a foreign linear model on the compiled scorer', () => {
  let app: TestApp;
  let reviewer: AdminSession;
  let slug: string;
  const hash = createHash('sha256').update(fs.readFileSync(FILE)).digest('hex');

  beforeAll(async () => {
    app = await startApp();
    reviewer = await createAdmin(app);
    slug = await createModel(app, ['ham', 'spam']);
    await deploy(app, reviewer, slug, fs.readFileSync(FILE));
  }, 300_000);
  afterAll(async () => {
    await app.stop();
  });

  it('answers with exact explanations whose weights and bias add up to the log-odds', async () => {
    const text = 'WINNER!! You have won a FREE prize, call now to claim your cash';

    const res = await app
      .http()
      .post(`/api/model-manager/models/${slug}/predict`)
      .set(app.fullAccess)
      .send({ text, explain: true });

    expect(res.status).toBe(200);
    const { label, probabilities, explanation } = res.body.data;
    expect(explanation.method).toBe('exact');
    const other = label === 'spam' ? 'ham' : 'spam';
    const tokens = explanation.tokens as Token[];
    const total = tokens.reduce((s, t) => s + t.weight, 0) + explanation.bias;
    expect(total).toBeCloseTo(Math.log(probabilities[label] / probabilities[other]), 4);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(tokens.some((t) => t.weight !== 0)).toBe(true);
  });

  it('GET /runtime names the compiled scorer for its artifact, and why', async () => {
    const res = await app.http().get('/model-manager/runtime').set(reviewer.headers);

    expect(res.status).toBe(200);
    const engines = res.body.data.sessions.engines as Array<Record<string, unknown>>;
    expect(engines).toContainEqual({
      hash,
      engine: 'compiled',
      reason: expect.stringMatching(/^agrees with onnxruntime within .* on \d+ texts$/),
      exactExplanations: true,
    });
  });
});

(present ? describe : describe.skip)('a compiled model whose scorer hands a batch back', () => {
  let app: TestApp;
  let reviewer: AdminSession;
  const vectors = foreignTestVectors();
  const labels = [...new Set(vectors.labels)].sort();
  const { bytes, flood } = handedBackExport(
    vectors.texts.slice(0, 400).map((text, i) => ({ text, label: vectors.labels[i] }))
  );
  let expected: number[];
  const runtime = () => app.strapi.plugin('model-manager').service('runtime');

  /** Deploys the bytes (`copy` in their metadata, so each copy is an artifact of its own), predicts the flood. */
  async function floodOf(copy: string) {
    const model = onnx.ModelProto.decode(bytes);
    model.metadataProps!.push(onnx.StringStringEntryProto.fromObject({ key: 'copy', value: copy }));
    const artifact = Buffer.from(onnx.ModelProto.encode(model).finish());
    const slug = await createModel(app, labels);
    await deploy(app, reviewer, slug, artifact);
    const res = await app
      .http()
      .post(`/api/model-manager/models/${slug}/predict`)
      .set(app.fullAccess)
      .send({ text: flood });
    return { res, hash: createHash('sha256').update(artifact).digest('hex') };
  }

  beforeAll(async () => {
    app = await startApp();
    // on a swamped machine the inline speed probe could send the first copy to the worker threads
    app.strapi.config.set('plugin::model-manager.inference.maxTextMs', 60_000);
    reviewer = await createAdmin(app);
    const reference = await OnnxTextClassifier.load(bytes, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });
    [expected] = await reference.predictProba([flood], 1);
    await reference.dispose();
  }, 300_000);
  afterAll(async () => {
    await app.stop();
  });

  it.each([
    ['on the serving thread', 'inline', 100],
    ['on a worker thread, which asks the serving process for the bytes', 'worker', 0],
  ])(
    '%s: it is answered by onnxruntime, created from the artifact fetched again from the store',
    async (_, copy, inlineSliceMs) => {
      app.strapi.config.set('plugin::model-manager.inference.inlineSliceMs', inlineSliceMs);

      const { res, hash } = await floodOf(copy);

      expect(res.status).toBe(200);
      expect(runtime().stats().engines).toContainEqual(
        expect.objectContaining({ hash, engine: 'compiled' })
      );
      expect(runtime().stats().inlineArtifacts.includes(hash)).toBe(inlineSliceMs > 0);
      labels.forEach((label, k) =>
        expect(res.body.data.probabilities[label]).toBeCloseTo(expected[k], 6)
      );
    }
  );
});
