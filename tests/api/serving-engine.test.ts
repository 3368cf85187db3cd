import { createHash } from 'crypto';
import fs from 'fs';
import { exportToOnnx, trainTextClassifier } from '../../src/plugins/model-manager/server/src/ml';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { whileOthersAreServed } from '../helpers/concurrent';
import { FOREIGN_MODEL, foreignTestVectors } from '../helpers/data';
import { createModel, deploy, uploadVersion, approve } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { createApiToken, startApp, type TestApp } from '../helpers/strapi';
import { TOY_ROWS } from '../../src/plugins/model-manager/server/src/ml/onnx-test-support';

/** Inference on worker threads, batching, exact explanations and "undecided" (issues 9 and 15). */
describe('the serving engine', () => {
  let app: TestApp;
  let reviewer: AdminSession;
  let foreign: string;
  let ours: string;
  let deployedHashes: string[] = []; // the two test models' artifacts (sha256 of the bytes, as stored)
  const predict = (slug: string, body: object, headers = app.fullAccess) =>
    app.http().post(`/api/model-manager/models/${slug}/predict`).set(headers).send(body);
  const runtimeStats = () =>
    app.strapi.plugin('model-manager').service('runtime').stats() as {
      inlineArtifacts: string[];
      leased: string[];
      batching: { requestsPerRun: Record<string, number> };
    };
  /** The foreign model's session is in use: a run of it is in progress. */
  const foreignRunning = () => runtimeStats().leased.includes(deployedHashes[0]);
  const coalescedRuns = () =>
    Object.entries(runtimeStats().batching.requestsPerRun).reduce(
      (n, [k, v]) => (Number(k) > 1 ? n + v : n),
      0
    );

  const ownRows = [...TOY_ROWS];

  beforeAll(async () => {
    // onnxruntime's own serving (slices, leave-one-out explanations of the foreign graph), not the
    // compiled scorer that would otherwise serve that graph (tests/api/compiled-scorer.test.ts)
    process.env.MODEL_MANAGER_COMPILED_SCORERS = 'false';
    app = await startApp();
    // What runs beside a long batch is tested here, not the deadline (served-deadline.test.ts):
    // on a busy machine a 2,000-text batch may take longer than the default 15 s.
    app.strapi.config.set('plugin::model-manager.inference.deadlineMs', 600_000);
    delete process.env.MODEL_MANAGER_COMPILED_SCORERS;
    // Where an artifact runs is decided by timing a longest text at load: on a swamped machine it can
    // take over the 100 ms default and go to the worker threads. These tests pin the serving thread.
    app.strapi.config.set('plugin::model-manager.inference.maxTextMs', 60_000);
    reviewer = await createAdmin(app);
    foreign = await createModel(app);
    const foreignBytes = fs.readFileSync(FOREIGN_MODEL);
    await deploy(app, reviewer, foreign, foreignBytes);
    ours = await createModel(app);
    const trained = trainTextClassifier(ownRows, {
      algorithm: 'logistic-regression',
      ngramRange: [1, 2],
      minDf: 1,
    });
    const ourBytes = Buffer.from(exportToOnnx(trained));
    await deploy(app, reviewer, ours, ourBytes);
    deployedHashes = [foreignBytes, ourBytes].map((b) =>
      createHash('sha256').update(b).digest('hex')
    );
  }, 300_000); // booting and deploying through the sandbox takes long on a swamped machine
  afterAll(async () => {
    await app.stop();
  });

  describe('off the event loop', () => {
    const runChunkSize = () =>
      app.strapi.config.get('plugin::model-manager.runChunkSize') as number;

    it('health checks are answered while a 2,000-text batch is still running', async () => {
      // The foreign graph on whole debate texts (~840,000 characters): ~0.7 s for the request on an idle
      // machine, the run cut into 4 ms slices. Our own small export finishes in a few slices, too few to show it.
      const texts = Array.from({ length: 2000 }, (_, i) => foreignTestVectors().texts[i % 1201]);
      const chunk = runChunkSize();
      app.strapi.config.set('plugin::model-manager.runChunkSize', 2000); // one onnxruntime run: no pause between chunks
      try {
        const { res, answeredWhileBusy } = await whileOthersAreServed(
          () => predict(foreign, { texts }),
          () => app.http().get('/_health'),
          foreignRunning,
          204
        );
        expect(res.status).toBe(200);
        expect(res.body.data).toHaveLength(2000);
        // The foreign graph runs on the serving thread (bounded graph): it is its slicing that lets the probes in.
        // (Only the artifact just run: with other test files' production versions loaded, ours may be evicted.)
        expect(runtimeStats().inlineArtifacts).toContain(deployedHashes[0]);
        // A blocked event loop answers no probe while the run holds the session.
        expect(answeredWhileBusy).toBe(true);
      } finally {
        app.strapi.config.set('plugin::model-manager.runChunkSize', chunk);
      }
    }, 300_000);

    it('another model answers while a leave-one-out explanation of long texts runs', async () => {
      const long = foreignTestVectors().texts.slice(0, 2).join(' '); // ~3,000 characters, ~300 distinct words
      const { res, answeredWhileBusy } = await whileOthersAreServed(
        () => predict(foreign, { texts: [long, long], explain: true }),
        () => predict(ours, { text: 'build the wall' }),
        foreignRunning
      );
      expect(res.status).toBe(200);
      expect(res.body.data[0].explanation.method).toBe('leave-one-out');
      expect(answeredWhileBusy).toBe(true);
    });
  });

  describe('where a session lives', () => {
    const runtime = () =>
      app.strapi.plugin('model-manager').service('runtime') as {
        destroy(): Promise<void>;
        stats(): { inlineArtifacts: string[]; size: number };
      };

    it('with inlineSliceMs 0 the same artifacts are served from the worker threads, with the same answers', async () => {
      const texts = ['build the wall', 'health care for all', 'nothing known here'];
      const inline = await Promise.all([predict(ours, { texts }), predict(foreign, { texts })]);
      app.strapi.config.set('plugin::model-manager.inference.inlineSliceMs', 0);
      try {
        await runtime().destroy(); // sessions are placed when loaded: drop them
        const onWorkers = await Promise.all([
          predict(ours, { texts }),
          predict(foreign, { texts }),
        ]);

        expect(runtime().stats().inlineArtifacts).toEqual([]);
        expect(runtime().stats().size).toBeGreaterThanOrEqual(2); // ours and foreign, on the workers
        for (const [i, res] of onWorkers.entries()) {
          expect(res.status).toBe(200);
          expect(res.body.data.map((p: { label: string }) => p.label)).toEqual(
            inline[i].body.data.map((p: { label: string }) => p.label)
          );
          res.body.data.forEach((p: { probabilities: Record<string, number> }, k: number) => {
            for (const [label, value] of Object.entries(p.probabilities))
              expect(value).toBeCloseTo(inline[i].body.data[k].probabilities[label], 6);
          });
        }
      } finally {
        app.strapi.config.set('plugin::model-manager.inference.inlineSliceMs', 4);
        await runtime().destroy();
      }
    });
  });

  describe('batching', () => {
    it('two callers with different tokens, texts and pinned versions each get exactly their own answers', async () => {
      const slug = await createModel(app);
      const bytes = textClassifierOnnx({ strength: 1.75 });
      const v1 = await uploadVersion(app, slug, bytes);
      const v2 = await uploadVersion(app, slug, bytes); // same artifact: both versions share its batcher
      await approve(app, reviewer, slug, v1);
      await approve(app, reviewer, slug, v2);
      // approved versions that serve no traffic: only a caller who may read versions may pin them
      const alicePermissions = [
        'plugin::model-manager.predictions.create',
        'plugin::model-manager.versions.find',
      ];
      const alice = {
        Authorization: `Bearer ${await createApiToken(app.strapi, { type: 'custom', permissions: alicePermissions })}`,
      };
      const bob = {
        Authorization: `Bearer ${await createApiToken(app.strapi, { type: 'full-access' })}`,
      };
      const aliceTexts = ['wall', 'wall wall care'];
      const bobTexts = ['care', 'care care wall', 'nothing'];
      const solo = async (texts: string[], version: number) =>
        (await predict(slug, { texts, version }, bob)).body.data;
      const expectedAlice = await solo(aliceTexts, v1);
      const expectedBob = await solo(bobTexts, v2);
      const before = coalescedRuns();
      // A wait window that the 24 requests fill exactly (12 × 2 + 12 × 3 texts): they coalesce
      // however the machine schedules them, instead of only when they happen to overlap a run.
      const inference = app.strapi.config.get('plugin::model-manager.inference') as object;
      app.strapi.config.set('plugin::model-manager.inference', {
        ...inference,
        maxBatchTexts: 60,
        maxWaitMs: 1000,
      });
      const answers = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          i % 2
            ? predict(slug, { texts: bobTexts, version: v2 }, bob)
            : predict(slug, { texts: aliceTexts, version: v1 }, alice)
        )
      ).finally(() => app.strapi.config.set('plugin::model-manager.inference', inference));

      // Each caller's own rows: its labels, and its probabilities to 1e-6 (a run of 60 texts and one
      // of 3 may round the last float32 bit differently; another caller's rows differ far more).
      type Row = { label: string; probabilities: Record<string, number> };
      answers.forEach((res, i) => {
        const expected: Row[] = i % 2 ? expectedBob : expectedAlice;
        expect(res.status).toBe(200);
        expect(res.body.meta.version).toBe(i % 2 ? v2 : v1);
        expect(res.body.data.map((r: Row) => r.label)).toEqual(expected.map((r) => r.label));
        res.body.data.forEach((r: Row, k: number) => {
          for (const [label, p] of Object.entries(r.probabilities))
            expect(p).toBeCloseTo(expected[k].probabilities[label], 6);
        });
      });
      expect(coalescedRuns()).toBeGreaterThan(before); // some runs really served several requests
    });
  });

  describe('explanations', () => {
    it('our own linear export is explained exactly: weights plus bias are the log-odds', async () => {
      const text = 'Build the wall, and care for every family.';
      const res = await predict(ours, { text, explain: true });

      expect(res.status).toBe(200);
      const { label, probabilities, explanation } = res.body.data;
      expect(explanation.method).toBe('exact');
      const other = label === 'red' ? 'blue' : 'red';
      const total = explanation.tokens.reduce(
        (s: number, t: { weight: number }) => s + t.weight,
        explanation.bias
      );
      expect(total).toBeCloseTo(Math.log(probabilities[label] / probabilities[other]), 4);
      for (const t of explanation.tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
    });
  });

  describe('undecided', () => {
    it('a text of unknown words is undecided: no evidence for our export, a tie for a foreign graph', async () => {
      const foreignTie = await createModel(app);
      await deploy(app, reviewer, foreignTie, textClassifierOnnx({ strength: 2.5 }));

      const [own, tie, decided] = await Promise.all([
        predict(ours, { text: 'zyxw qwerty plugh' }),
        predict(foreignTie, { text: 'zyxw qwerty plugh' }),
        predict(ours, { text: 'build the wall' }),
      ]);

      expect(own.body.data).toMatchObject({ undecided: true, undecidedReason: 'no_evidence' });
      expect(typeof own.body.data.label).toBe('string'); // still the argmax, for older clients
      expect(tie.body.data).toMatchObject({
        undecided: true,
        undecidedReason: 'tie',
        probabilities: { blue: 0.5, red: 0.5 },
      });
      expect(decided.body.data).toMatchObject({ undecided: false, label: 'red' });
      expect(decided.body.data.undecidedReason).toBeUndefined();
    });
  });
});
