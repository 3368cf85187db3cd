import http from 'http';
import type { AddressInfo } from 'net';
import type { MonitoringReport } from '../../src/plugins/model-manager/shared/contracts/monitoring';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { readJsonl } from '../helpers/data';
import { eventually } from '../helpers/eventually';
import { createModel, deploy, importRows } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startSecondInstance, type Instance } from '../helpers/second-instance';
import { startApp, unique, type TestApp } from '../helpers/strapi';

const HOLDOUT = readJsonl<{ text: string; label: string }>('partisan/holdout.jsonl');
const DRIFTED = 'model-manager.model.drifted';
const onPostgres = process.env.DATABASE_CLIENT === 'postgres';

/** Texts of another domain: Spanish function words in a seeded random order. */
function spanish(count: number, seed: number): string[] {
  const words = 'el la de que y en un se no por con su para como pero más o este otro ese'.split(
    ' '
  );
  let s = seed;
  const next = () => (s = (s * 16807) % 2147483647) / 2147483647;
  return Array.from({ length: count }, () =>
    Array.from({ length: 60 }, () => words[Math.floor(next() * words.length)]).join(' ')
  );
}

/** Two instances on one PostgreSQL database: the figures are the cluster's, and a crossing alerts once. */
(onPostgres ? describe : describe.skip)('monitoring on a cluster (PostgreSQL)', () => {
  let app: TestApp;
  let other: Instance;
  let admin: AdminSession;
  let receiver: http.Server;
  let slug: string;
  const received: Array<Record<string, any>> = [];

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
    // the other instance writes its counts by itself, every 200 ms
    other = await startSecondInstance({
      MODEL_MANAGER_MONITORING_SAMPLE_RATE: '1',
      MODEL_MANAGER_MONITORING_FLUSH_MS: '200',
    });
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = await app
      .http()
      .post('/admin/webhooks')
      .set(admin.headers)
      .send({
        name: unique('drift'),
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
        headers: {},
        events: [DRIFTED],
      });
    if (hook.status !== 201) throw new Error(`webhook: ${hook.status}`);
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
    await new Promise((resolve) => receiver?.close(resolve));
    await other?.stop();
    await app?.stop();
  });

  it("sums both instances' counts and sends one webhook although both saw the crossing", async () => {
    // the other instance crosses first, by itself; then this one crosses too and judges the same day
    expect((await predictThere(spanish(100, 3))).status).toBe(200);
    await eventually(async () => (await report()).alerts.length === 1, { timeoutMs: 30_000 });
    const here = await app
      .http()
      .post(`/api/model-manager/models/${slug}/predict`)
      .set(app.fullAccess)
      .send({ texts: spanish(100, 5) });
    expect(here.status).toBe(200);
    await app.strapi.plugin('model-manager').service('monitor').flush();
    const today = (await report()).days.at(-1)!;
    await eventually(async () => received.length >= 1, { timeoutMs: 30_000 });

    expect(today.served).toBe(200);
    expect(today.sampled).toBe(200);
    expect(today.crossed).toContain('drift');
    expect((await report()).alerts).toHaveLength(1);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      event: DRIFTED,
      model: slug,
      metric: 'drift',
      served: 100,
    });
  });
});
