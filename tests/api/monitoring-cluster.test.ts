import type { MonitoringReport } from '../../src/plugins/model-manager/shared/contracts/monitoring';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { readJsonl, spanishTexts } from '../helpers/data';
import { eventually } from '../helpers/eventually';
import { createModel, deploy, importRows } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startSecondInstance, type Instance } from '../helpers/second-instance';
import { startApp, type TestApp } from '../helpers/strapi';
import { webhookReceiver } from '../helpers/webhooks';

const HOLDOUT = readJsonl<{ text: string; label: string }>('partisan/holdout.jsonl');
const DRIFTED = 'model-manager.model.drifted';
const onPostgres = process.env.DATABASE_CLIENT === 'postgres';

/** Two instances on one PostgreSQL database: the figures are the cluster's, and a crossing alerts once. */
(onPostgres ? describe : describe.skip)('monitoring on a cluster (PostgreSQL)', () => {
  let app: TestApp;
  let other: Instance;
  let admin: AdminSession;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  let slug: string;

  const report = async (): Promise<MonitoringReport> =>
    (await app.http().get(`/model-manager/models/${slug}/monitoring`).set(admin.headers)).body.data;
  const predictThere = (texts: string[]) =>
    fetch(`${other.url}/api/model-manager/models/${slug}/predict`, {
      method: 'POST',
      headers: { ...app.fullAccess, 'Content-Type': 'application/json' },
      body: JSON.stringify({ texts }),
    });

  beforeAll(async () => {
    app = await startApp();
    admin = await createAdmin(app);
    app.strapi.config.set('plugin::model-manager.monitoring.sampleRate', 1);
    app.strapi.config.set('plugin::model-manager.monitoring.flushMs', 3_600_000);
    // Before the other instance boots: Strapi loads webhooks at boot, and one created later on
    // another instance is not heard of until a restart (docs/monitoring.md).
    hook = await webhookReceiver(app, admin, [DRIFTED]);
    // the other instance writes its counts by itself, every 200 ms
    other = await startSecondInstance({
      MODEL_MANAGER_MONITORING_SAMPLE_RATE: '1',
      MODEL_MANAGER_MONITORING_FLUSH_MS: '200',
    });
    slug = await createModel(app, ['blue', 'red'], { evaluationDataset: 'x-eval' });
    await importRows(app, slug, 'x-eval', HOLDOUT.slice(0, 80));
    await deploy(app, admin, slug, textClassifierOnnx({ strength: 4 }));
    await app
      .http()
      .put(`/model-manager/models/${slug}/monitoring`)
      .set(admin.headers)
      .send({
        data: { drift: 0.45, undecided: null, noEvidence: null, minServed: 20, minSampled: 20 },
      });
  });
  afterAll(async () => {
    await hook?.close();
    await other?.stop();
    await app?.stop();
  });

  it("sums both instances' counts and sends one webhook although both saw the crossing", async () => {
    // the other instance serves the champion once it has heard of it (one answer, counted)
    await eventually(async () => (await predictThere(['warming up'])).status === 200, {
      timeoutMs: 30_000,
    });
    // it crosses first, by itself; then this one crosses too and judges the same day
    expect((await predictThere(spanishTexts(100, 3))).status).toBe(200);
    await eventually(async () => (await report()).alerts.length === 1, { timeoutMs: 30_000 });
    const here = await app
      .http()
      .post(`/api/model-manager/models/${slug}/predict`)
      .set(app.fullAccess)
      .send({ texts: spanishTexts(100, 5) });
    expect(here.status).toBe(200);
    await app.strapi.plugin('model-manager').service('monitor').flush();
    const today = (await report()).days.at(-1)!;
    await eventually(async () => hook.received.length >= 1, { timeoutMs: 30_000 });

    expect(today.served).toBe(201);
    expect(today.sampled).toBe(201);
    expect(today.crossed).toContain('drift');
    expect((await report()).alerts).toHaveLength(1);
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]).toMatchObject({
      event: DRIFTED,
      model: slug,
      metric: 'drift',
      served: 101, // the other instance judged its own 100 texts and its warm-up
    });
  });
});
