import { ACTIONS } from '../../src/plugins/model-manager/shared/constants';
import type { TrainingRunSummary } from '../../src/plugins/model-manager/shared/contracts/training';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { balanced, readJsonl } from '../helpers/data';
import { eventually } from '../helpers/eventually';
import { startApp, unique, type TestApp } from '../helpers/strapi';

type Row = { text: string; label: string };
const TRAIN = readJsonl<Row>('partisan/train.jsonl');

/** The admin's Start asks for the data first and refuses a run bound to fail; a run reports its loss and who started it. */
describe('training from the admin: readiness, loss curve, starter', () => {
  let app: TestApp;
  let trainer: AdminSession;
  beforeAll(async () => {
    app = await startApp();
    trainer = await createAdmin(app, [ACTIONS.read, ACTIONS.train]);
  });
  afterAll(async () => {
    await app.stop();
  });

  async function modelWith(rows: Row[]): Promise<string> {
    const slug = unique('progress');
    const created = await app
      .http()
      .post('/api/model-manager/models')
      .set(app.fullAccess)
      .send({ data: { name: slug, slug, labels: ['blue', 'red'] } });
    expect(created.status).toBe(201);
    const model = await app.strapi.plugin('model-manager').service('models').requireModel(slug);
    const feedback = app.strapi.plugin('model-manager').service('feedback');
    await app.strapi.db.transaction(async () => {
      for (const { text, label } of rows)
        await feedback.give(model, {
          text,
          label,
          giverKey: 'import:test',
          source: 'import',
          dataset: 'train',
        });
    });
    return slug;
  }
  const readiness = async (slug: string) =>
    (await app.http().get(`/model-manager/models/${slug}/training-data`).set(trainer.headers)).body
      .data;
  const start = (slug: string, data: Record<string, unknown> = { minDf: 1 }) =>
    app
      .http()
      .post(`/model-manager/models/${slug}/training-runs`)
      .set(trainer.headers)
      .send({ data });

  it.each([
    ['no data', [], /Too few training rows: 0; at least 10/],
    ['one class only', TRAIN.filter((r) => r.label === 'red').slice(0, 12), /at least two classes/],
  ])(
    'with %s, readiness says why and the admin Start is a 409 that queues nothing',
    async (_, rows, reason) => {
      const slug = await modelWith(rows as Row[]);

      const ready = await readiness(slug);
      const res = await start(slug);
      const runs = await app
        .http()
        .get(`/model-manager/models/${slug}/training-runs`)
        .set(trainer.headers);

      expect(ready).toMatchObject({
        rows: rows.length,
        minRows: 10,
        ready: false,
        reason: expect.stringMatching(reason),
      });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(reason);
      expect(res.body.error.details).toMatchObject({ rule: 'training-data' });
      expect(runs.body.data).toEqual([]);
    }
  );

  it('with enough data, readiness says so by label, and a logistic-regression run records its loss falling and who started it', async () => {
    const slug = await modelWith(balanced(TRAIN, 40));

    const ready = await readiness(slug);
    const queued = await start(slug, { minDf: 1, algorithm: 'logistic-regression' });
    const run = await eventually<TrainingRunSummary>(
      async () => {
        const res = await app
          .http()
          .get(`/model-manager/training-runs/${queued.body.data.documentId}`)
          .set(trainer.headers);
        return ['succeeded', 'failed'].includes(res.body.data.status) && res.body.data;
      },
      { timeoutMs: 180_000, intervalMs: 200 }
    );

    expect(ready).toEqual({
      rows: 40,
      minRows: 10,
      byLabel: { blue: 20, red: 20 },
      ready: true,
      reason: null,
    });
    expect(queued.status).toBe(202);
    expect(run.status).toBe('succeeded');
    expect(run.requestedBy).toMatch(/^Test admin-/);
    expect(run.lossCurve.length).toBeGreaterThan(2);
    const iterations = run.lossCurve.map(([iteration]) => iteration);
    expect(iterations).toEqual([...iterations].sort((a, b) => a - b));
    const losses = run.lossCurve.map(([, loss]) => loss);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
  }, 240_000);
});
