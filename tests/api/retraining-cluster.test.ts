import { createAdmin, type AdminSession } from '../helpers/admin';
import { readJsonl } from '../helpers/data';
import { eventually } from '../helpers/eventually';
import { createModel, importRows } from '../helpers/models';
import { startSecondInstance, type Instance } from '../helpers/second-instance';
import { startApp, type TestApp } from '../helpers/strapi';

const ALL = readJsonl<{ text: string; label: string }>('partisan/train.jsonl');
const BLUE = ALL.filter((r) => r.label === 'blue');
const RED = ALL.filter((r) => r.label === 'red');
const ROWS = BLUE.slice(0, 30).flatMap((row, i) => [row, RED[i]]);
const onPostgres = process.env.DATABASE_CLIENT === 'postgres';

/**
 * Two instances on one PostgreSQL database see a retraining trigger at once: 24 checks race, half
 * on each (their timers kept out of the way, so the race is the checks'); one run is queued.
 * Without the model's row lock, this queued 20 runs.
 */
(onPostgres ? describe : describe.skip)('a retraining policy on a cluster (PostgreSQL)', () => {
  let app: TestApp;
  let other: Instance;
  let admin: AdminSession;

  beforeAll(async () => {
    // the timer stays out of the way (read at boot): these tests check when they choose
    app = await startApp({ env: { MODEL_MANAGER_RETRAIN_CHECK_MS: '3600000' } });
    admin = await createAdmin(app);
    other = await startSecondInstance({ MODEL_MANAGER_RETRAIN_CHECK_MS: '3600000' });
  });
  afterAll(async () => {
    await other?.stop();
    await app?.stop();
  });

  it('queues exactly one run however many checks race', async () => {
    const slug = await createModel(app, ['blue', 'red']);
    const set = await app
      .http()
      .put(`/model-manager/models/${slug}/retraining`)
      .set(admin.headers)
      .send({ data: { enabled: true, newLabels: 60 } });
    expect(set.status).toBe(200);
    // the trigger fires for everyone at once: the 60th label lands in one transaction
    await importRows(app, slug, 'seed', ROWS);

    const path = `/model-manager/models/${slug}/retraining/check`;
    type Answer = { status: number; body: { data: { decision: { outcome: string } | null } } };
    // this process's instance through supertest, the other over HTTP
    const checkOn = async (where: 'here' | 'there'): Promise<Answer> => {
      if (where === 'here') return app.http().post(path).set(admin.headers).send({});
      const res = await fetch(`${other.url}${path}`, {
        method: 'POST',
        headers: { ...admin.headers, 'Content-Type': 'application/json' },
        body: '{}',
      });
      return { status: res.status, body: await res.json() };
    };
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) => checkOn(i % 2 ? 'there' : 'here'))
    );
    expect(answers.map((a) => a.status)).toEqual(Array(24).fill(200));

    const runs = async () =>
      (await app.http().get(`/model-manager/models/${slug}/training-runs`).set(admin.headers)).body
        .data as Array<{ documentId: string }>;
    const decisions = async () =>
      (await app.http().get(`/model-manager/models/${slug}/retraining`).set(admin.headers)).body
        .data.decisions as Array<{ outcome: string; run: string | null }>;
    await eventually(async () => (await runs()).length >= 1);
    // and later checks, once the run exists, queue nothing either
    const queuedDecisions = () =>
      decisions().then((list) => list.filter((d) => d.outcome === 'queued'));
    for (let i = 0; i < 5; i++) await Promise.all([checkOn('here'), checkOn('there')]);

    const list = await runs();
    expect(list).toHaveLength(1);
    const queued = await queuedDecisions();
    expect(queued).toHaveLength(1);
    expect(queued[0].run).toBe(list[0].documentId);
    // a check that lost the race found nothing firing any more (the run moved the count's start)
    const queuedAnswers = answers.filter((a) => a.body.data.decision?.outcome === 'queued');
    expect(queuedAnswers.length).toBeLessThanOrEqual(1);
  });
});
