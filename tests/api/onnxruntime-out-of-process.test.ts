import fs from 'fs';
import request from 'supertest';
import { UIDS } from '../../src/plugins/model-manager/shared/constants';
import type { TrainingRunSummary } from '../../src/plugins/model-manager/shared/contracts/training';
import { createAdmin } from '../helpers/admin';
import { balanced, FOREIGN_MODEL, readJsonl } from '../helpers/data';
import { eventually } from '../helpers/eventually';
import { createModel, deploy, importRows } from '../helpers/models';
import { startSecondInstance, type Instance } from '../helpers/second-instance';
import { startApp, type TestApp } from '../helpers/strapi';

/**
 * Loading onnxruntime maps its library and grows the native heap by tens of MiB that stay after
 * every session is released. A compiled model's parity check runs it in a child process
 * (serving-engine/pool/reference-process.ts), and so does a training run's validation and
 * evaluation (training/export-check.ts), so a Strapi whose models all compile never maps it.
 * Seen from outside, in /proc/<pid>/maps of real `strapi start` processes.
 */
const mapsOnnxruntime = (pid: number) =>
  fs.readFileSync(`/proc/${pid}/maps`, 'utf8').includes('libonnxruntime');

// prewarm off: this worker's database holds other test files' models, some of them not compilable
const onlyWhatIsAsked = { MODEL_MANAGER_PREWARM: 'false' };

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
}, 120_000);
afterAll(async () => {
  await app.stop();
});

describe('onnxruntime stays out of a serving process whose models compile', () => {
  let compiled: Instance;
  let onOnnxruntime: Instance;
  let slug: string;

  beforeAll(async () => {
    const reviewer = await createAdmin(app);
    slug = await createModel(app);
    await deploy(app, reviewer, slug, fs.readFileSync(FOREIGN_MODEL));
    [compiled, onOnnxruntime] = await Promise.all([
      startSecondInstance(onlyWhatIsAsked),
      startSecondInstance({ ...onlyWhatIsAsked, MODEL_MANAGER_COMPILED_SCORERS: 'false' }),
    ]);
  }, 300_000);
  afterAll(async () => {
    await Promise.all([compiled?.stop(), onOnnxruntime?.stop()]);
  });

  // supertest, not fetch: a POST on fetch's pooled socket of the readiness probe may find it closed (below)
  const predict = async (instance: Instance) => {
    const res = await request(instance.url)
      .post(`/api/model-manager/models/${slug}/predict`)
      .set(app.fullAccess)
      .send({ text: 'we will cut taxes for working families' });
    const body = res.body as {
      data: { label: string; probabilities: Record<string, number> };
    };
    return { status: res.status, body };
  };

  it('serves the compiled model without mapping onnxruntime; the same model on onnxruntime maps it', async () => {
    const served = await predict(compiled);
    expect(served.status).toBe(200);
    expect(served.body.data.label).toEqual(expect.any(String));
    expect(mapsOnnxruntime(compiled.pid)).toBe(false);

    // the check sees the library where a session does run
    const other = await predict(onOnnxruntime);
    expect(other.status).toBe(200);
    for (const [label, p] of Object.entries(served.body.data.probabilities))
      expect(other.body.data.probabilities[label]).toBeCloseTo(p, 5);
    expect(mapsOnnxruntime(onOnnxruntime.pid)).toBe(true);
  });
});

describe('onnxruntime stays out of a serving process that trains', () => {
  let trainer: Instance;

  beforeAll(async () => {
    // the only instance that claims runs: this test's process polls no more, the others are stopped
    app.strapi.plugin('model-manager').service('training').stopPolling();
    trainer = await startSecondInstance(onlyWhatIsAsked);
  }, 300_000);
  afterAll(async () => {
    await trainer?.stop();
  });

  const rows = (file: string, n: number) =>
    balanced(readJsonl<{ text: string; label: string }>(`partisan/${file}.jsonl`), n);
  // supertest, not fetch: fetch's pool keeps the socket of the instance's readiness probe, which
  // the server closes after 5 s idle; on a busy test process the pool may not have noticed it, and
  // a POST sent on it fails with "other side closed" (seen in CI)
  const getRun = async (id: string) => {
    const res = await request(trainer.url)
      .get(`/api/model-manager/training-runs/${id}`)
      .set(app.fullAccess);
    return (res.body as { data: TrainingRunSummary }).data;
  };

  it('validates and evaluates its export without mapping onnxruntime, the metrics stored', async () => {
    const slug = await createModel(app, ['blue', 'red'], { evaluationDataset: 'x-holdout' });
    await importRows(app, slug, 'x-train', rows('train', 60));
    await importRows(app, slug, 'x-holdout', rows('holdout', 40));

    const queued = await request(trainer.url)
      .post(`/api/model-manager/models/${slug}/training-runs`)
      .set(app.fullAccess)
      .send({ data: {} });
    expect(queued.status).toBe(202);
    const { documentId } = (queued.body as { data: TrainingRunSummary }).data;
    const run = await eventually(
      async () => {
        const seen = await getRun(documentId);
        return (seen.status === 'succeeded' || seen.status === 'failed') && seen;
      },
      { timeoutMs: 180_000, intervalMs: 100 }
    );

    expect(run).toMatchObject({ status: 'succeeded', version: 1 });
    expect(run.logs.some((line) => /evaluated on "x-holdout" \(40 rows\)/.test(line))).toBe(true);
    const row = await app.strapi.db.query(UIDS.trainingRun).findOne({ where: { documentId } });
    expect(row.claimedBy).toContain(`:${trainer.pid}:`);
    expect(mapsOnnxruntime(trainer.pid)).toBe(false);
  });
});
