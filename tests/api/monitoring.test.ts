import type { MonitoringReport } from '../../src/plugins/model-manager/shared/contracts/monitoring';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { readJsonl, spanishTexts } from '../helpers/data';
import { eventually } from '../helpers/eventually';
import { createModel, deploy, importRows, uploadVersion } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startApp, type TestApp } from '../helpers/strapi';
import { webhookReceiver } from '../helpers/webhooks';

const HOLDOUT = readJsonl<{ text: string; label: string }>('partisan/holdout.jsonl');
const DRIFTED = 'model-manager.model.drifted';

/** Monitoring: counts written off the request path, drift against the evaluation set, one webhook per crossing. */
describe('monitoring', () => {
  let app: TestApp;
  let admin: AdminSession;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  let slug: string;
  const emitted: unknown[] = [];

  const service = (name: string) => app.strapi.plugin('model-manager').service(name);
  const report = async (): Promise<MonitoringReport> =>
    (await app.http().get(`/model-manager/models/${slug}/monitoring`).set(admin.headers)).body.data;
  const predict = (texts: string[]) =>
    app
      .http()
      .post(`/api/model-manager/models/${slug}/predict`)
      .set(app.fullAccess)
      .send({ texts });

  beforeAll(async () => {
    app = await startApp();
    admin = await createAdmin(app);
    // every text sampled; counts written when the test flushes them
    app.strapi.config.set('plugin::model-manager.monitoring.sampleRate', 1);
    app.strapi.config.set('plugin::model-manager.monitoring.flushMs', 3_600_000);
    app.strapi.eventHub.on(DRIFTED, async (payload: unknown) => {
      emitted.push(payload);
    });
    hook = await webhookReceiver(app, admin, [DRIFTED]);
    slug = await createModel(app, ['blue', 'red'], { evaluationDataset: 'x-eval' });
    await importRows(app, slug, 'x-eval', HOLDOUT.slice(0, 80));
    await deploy(app, admin, slug, textClassifierOnnx({ strength: 4 }));
  });
  afterAll(async () => {
    await hook.close();
    await app.stop();
  });

  it('lets an editor set thresholds, and refuses nonsense ones', async () => {
    const set = await app
      .http()
      .put(`/model-manager/models/${slug}/monitoring`)
      .set(admin.headers)
      .send({
        data: { drift: 0.45, undecided: null, noEvidence: null, minServed: 20, minSampled: 20 },
      });
    const bad = await app
      .http()
      .put(`/model-manager/models/${slug}/monitoring`)
      .set(admin.headers)
      .send({ data: { drift: 3 } });

    expect(set.status).toBe(200);
    expect(set.body.data).toMatchObject({
      drift: 0.45,
      undecided: null,
      minServed: 20,
      minSampled: 20,
    });
    expect(bad.status).toBe(400);
    expect((await report()).thresholds.drift).toBe(0.45);
    expect((await report()).thresholdsFrom).toBe('model');
  });

  it('counts what was served and reads texts like its evaluation set as no drift', async () => {
    const res = await predict(HOLDOUT.slice(0, 40).map((r) => r.text));
    expect(res.status).toBe(200);
    await service('monitor').flush();
    const today = (await report()).days.at(-1)!;

    expect(today).toMatchObject({ served: 40, sampled: 40, crossed: [] });
    expect(Object.values(today.labels).reduce((a, b) => a + b, 0)).toBe(40);
    expect(today.drift!).toBeLessThan(0.45);
    expect(emitted).toHaveLength(0);
  });

  it('crosses the drift threshold on texts of another domain and sends the webhook once, with what crossed', async () => {
    for (let i = 0; i < 5; i += 1) expect((await predict(spanishTexts(50))).status).toBe(200);
    await service('monitor').flush();
    const crossed = (await report()).days.at(-1)!;
    // more of the same: still one alert for the day
    expect((await predict(spanishTexts(30))).status).toBe(200);
    await service('monitor').flush();
    const sent = await eventually(async () => hook.received.find((r) => r.model === slug));
    const after = await report();

    expect(crossed.drift!).toBeGreaterThan(0.45);
    expect(crossed.crossed).toContain('drift');
    expect(emitted).toHaveLength(1);
    expect(sent).toMatchObject({ event: DRIFTED, metric: 'drift', threshold: 0.45, served: 290 });
    expect(sent.value).toBeGreaterThan(0.45);
    expect(after.alerts).toHaveLength(1);
    expect(after.alerts[0]).toMatchObject({ metric: 'drift', threshold: 0.45 });
    expect(after.days.at(-1)!.served).toBe(320);
  });

  it("draws the shadow version's agreement with the served answers, day by day", async () => {
    const own = await createModel(app, ['blue', 'red']);
    await deploy(app, admin, own, textClassifierOnnx({ strength: 4 }));
    // the shadow reads the words the other way: it disagrees wherever a known word decides
    const shadow = await uploadVersion(
      app,
      own,
      textClassifierOnnx({ strength: 4, words: [['wall'], ['care']] })
    );
    const set = await app
      .http()
      .post(`/model-manager/models/${own}/shadow`)
      .set(admin.headers)
      .send({ data: { version: shadow } });
    expect(set.status).toBe(200);
    const texts = [...Array(10).fill('care for all'), ...Array(10).fill('nothing either knows')];
    const answer = await app
      .http()
      .post(`/api/model-manager/models/${own}/predict`)
      .set(app.fullAccess)
      .send({ texts });
    expect(answer.status).toBe(200);
    const ownReport = async (): Promise<MonitoringReport> =>
      (await app.http().get(`/model-manager/models/${own}/monitoring`).set(admin.headers)).body
        .data;
    // scored after the answer went out: flushed until the shadow's count is in
    const today = await eventually(async () => {
      await service('monitor').flush();
      const day = (await ownReport()).days.at(-1);
      return day && day.shadow.scored > 0 ? day : null;
    });

    expect(today.shadow.scored).toBe(20);
    expect(today.shadow.value).toBeCloseTo(0.5, 10);
    expect(today.shadow.low!).toBeLessThan(0.5);
    expect(today.shadow.high!).toBeGreaterThan(0.5);
  });
});
