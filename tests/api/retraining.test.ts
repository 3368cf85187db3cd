import type { RetrainingReport } from '../../src/plugins/model-manager/shared/contracts/retraining';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { readJsonl, spanishTexts } from '../helpers/data';
import { eventually } from '../helpers/eventually';
import { createModel, deploy, importRows } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startApp, type TestApp } from '../helpers/strapi';

const ALL = readJsonl<{ text: string; label: string }>('partisan/train.jsonl');
// both parties, alternating: the file runs debate by debate, one party at a time
const BLUE = ALL.filter((r) => r.label === 'blue');
const RED = ALL.filter((r) => r.label === 'red');
const TRAIN = BLUE.slice(0, 100).flatMap((row, i) => [row, RED[i]]);
const HOLDOUT = readJsonl<{ text: string; label: string }>('partisan/holdout.jsonl');

interface Run {
  documentId: string;
  status: string;
  parameters: { notes?: string; minDf?: number };
  error?: string;
  version?: number;
}

/** A model's retraining policy: a trigger queues one run, its candidate goes to review, a repeat check queues nothing. */
describe('retraining policies', () => {
  let app: TestApp;
  let admin: AdminSession;

  const policy = (slug: string, data: object) =>
    app.http().put(`/model-manager/models/${slug}/retraining`).set(admin.headers).send({ data });
  const report = async (slug: string): Promise<RetrainingReport> =>
    (await app.http().get(`/model-manager/models/${slug}/retraining`).set(admin.headers)).body.data;
  const check = async (slug: string) =>
    (await app.http().post(`/model-manager/models/${slug}/retraining/check`).set(admin.headers))
      .body.data.decision;
  const runs = async (slug: string): Promise<Run[]> =>
    (await app.http().get(`/model-manager/models/${slug}/training-runs`).set(admin.headers)).body
      .data;

  /** The newest run once it has finished either way: a failed run fails the test with its error. */
  const settled = (slug: string) =>
    eventually(
      async () => {
        const run = (await runs(slug))[0];
        return run.status === 'succeeded' || run.status === 'failed' ? run : null;
      },
      { timeoutMs: 100_000 }
    );

  beforeAll(async () => {
    // the timer stays out of the way (read at boot): these tests check when they choose
    app = await startApp({ env: { MODEL_MANAGER_RETRAIN_CHECK_MS: '3600000' } });
    admin = await createAdmin(app);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('is off until an editor turns it on, and refuses nonsense', async () => {
    const slug = await createModel(app, ['blue', 'red']);
    const initial = await report(slug);
    expect(initial.policy).toEqual({
      enabled: false,
      newLabels: null,
      onAlert: false,
      everyHours: null,
    });
    expect(initial.decisions).toEqual([]);
    expect(await check(slug)).toBeNull();
    expect((await policy(slug, { newLabels: 0 })).status).toBe(400);
    expect((await policy(slug, { everyHours: 'daily' })).status).toBe(400);
    expect((await policy(slug, { enabled: true, sometimes: true })).status).toBe(400);
  });

  it('queues one run once enough new trusted labels arrived, with the last run settings, and not again', async () => {
    const slug = await createModel(app, ['blue', 'red']);
    // a first run by hand, with its own settings: the policy retrains with them
    await importRows(app, slug, 'seed', TRAIN.slice(0, 40));
    const manual = await app
      .http()
      .post(`/model-manager/models/${slug}/training-runs`)
      .set(admin.headers)
      .send({ data: { minDf: 1, notes: 'by hand' } });
    expect(manual.status).toBe(202);
    expect(await settled(slug)).toMatchObject({ status: 'succeeded' });
    expect((await policy(slug, { enabled: true, newLabels: 30 })).status).toBe(200);

    await importRows(app, slug, 'seed', TRAIN.slice(40, 69));
    // readers' labels are not trusted: they do not count towards a global model's retraining
    const model = await app.strapi.plugin('model-manager').service('models').requireModel(slug);
    await app.strapi
      .plugin('model-manager')
      .service('feedback')
      .give(model, { text: TRAIN[70].text, label: 'red', giverKey: 'user:999', source: 'reader' });
    expect((await report(slug)).newLabels).toBe(29);
    expect(await check(slug)).toBeNull();

    await importRows(app, slug, 'seed', TRAIN.slice(69, 70));
    const decision = await check(slug);
    expect(decision).toMatchObject({ trigger: 'labels', outcome: 'queued' });
    expect(decision.detail).toContain('30 new labels');
    const [queued, first] = await runs(slug);
    expect(first.documentId).toBe(manual.body.data.documentId);
    expect(queued.documentId).toBe(decision.run);
    expect(queued.parameters.minDf).toBe(1);
    expect(queued.parameters.notes).toContain('retraining policy');

    // counted from the new run: nothing fires again, however often it is checked
    expect(await check(slug)).toBeNull();
    expect(await check(slug)).toBeNull();
    expect(await runs(slug)).toHaveLength(2);

    // its candidate goes to review like any other run's
    const done = await settled(slug);
    expect(done).toMatchObject({ status: 'succeeded' });
    const version = await app
      .http()
      .get(`/model-manager/models/${slug}/versions/${done.version}`)
      .set(admin.headers);
    expect(version.body.data.status).toBe('candidate');
    expect((await report(slug)).decisions.map((d) => d.outcome)).toEqual(['queued']);
  });

  it('says why it queued nothing when the data cannot train a model, once', async () => {
    const slug = await createModel(app, ['blue', 'red']);
    expect((await policy(slug, { enabled: true, newLabels: 2 })).status).toBe(200);
    await importRows(app, slug, 'seed', TRAIN.slice(0, 3));
    const decision = await check(slug);
    expect(decision).toMatchObject({ trigger: 'labels', outcome: 'skipped', run: null });
    expect(decision.detail).toMatch(/rows/);
    await check(slug);
    expect((await report(slug)).decisions).toHaveLength(1);
    expect(await runs(slug)).toEqual([]);
  });

  it('queues a run by itself when monitoring raises an alert', async () => {
    const slug = await createModel(app, ['blue', 'red'], { evaluationDataset: 'x-eval' });
    await importRows(app, slug, 'x-eval', HOLDOUT.slice(0, 80));
    await importRows(app, slug, 'seed', TRAIN.slice(0, 60));
    await deploy(app, admin, slug, textClassifierOnnx({ strength: 4 }));
    app.strapi.config.set('plugin::model-manager.monitoring.sampleRate', 1);
    await app
      .http()
      .put(`/model-manager/models/${slug}/monitoring`)
      .set(admin.headers)
      .send({
        data: { drift: 0.45, undecided: null, noEvidence: null, minServed: 20, minSampled: 20 },
      });
    expect((await policy(slug, { enabled: true, onAlert: true })).status).toBe(200);

    const answer = await app
      .http()
      .post(`/api/model-manager/models/${slug}/predict`)
      .set(app.fullAccess)
      .send({ texts: spanishTexts(60, 11) });
    expect(answer.status).toBe(200);
    // the flush writes the counts, monitoring raises the alert, the policy hears of it
    await app.strapi.plugin('model-manager').service('monitor').flush();
    const [run] = await eventually(async () => {
      const list = await runs(slug);
      return list.length ? list : null;
    });
    const { decisions } = await report(slug);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      trigger: 'alert',
      outcome: 'queued',
      run: run.documentId,
    });
    expect(decisions[0].detail).toMatch(/^drift /);
  });
});
