import { exportToOnnx, trainTextClassifier } from '../../src/plugins/model-manager/server/src/ml';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { createModel, deploy } from '../helpers/models';
import { createReader, registerReader, type ReaderSession } from '../helpers/readers';
import { eventually } from '../helpers/eventually';
import { startApp, type TestApp } from '../helpers/strapi';

const PREDICT = 'plugin::model-manager.predictions.create';
const FEEDBACK = 'plugin::model-manager.feedback.create';
const OUTCOMES = 'mm_prediction_outcomes';

/** Issue 25: a reader's JWT predict takes the fast path, decides as users-permissions does, and forgets at once. */
describe("the reader lane: a reader's JWT predict on the fast path", () => {
  let app: TestApp;
  let slug: string;
  let admin: AdminSession;
  const config = () =>
    app.strapi.config.get('plugin::model-manager') as {
      fastPath: { enabled: boolean; ttlMs: number };
    };
  let ttlMs: number;
  const predict = (headers: Record<string, string>, body: object = { text: 'the border towns' }) =>
    app.http().post(`/api/model-manager/models/${slug}/predict`).set(headers).send(body);
  /** The routed path's answer to the same request (the fast path off for it). */
  const routed = async (headers: Record<string, string>, body?: object) => {
    config().fastPath.enabled = false;
    try {
      return await predict(headers, body);
    } finally {
      config().fastPath.enabled = true;
    }
  };
  const label = (reader: ReaderSession, text: string, value: string) =>
    app
      .http()
      .post(`/api/model-manager/models/${slug}/feedback`)
      .set(reader.headers)
      .send({ data: { text, label: value } });
  const users = () => app.strapi.db.query('plugin::users-permissions.user');

  beforeAll(async () => {
    app = await startApp();
    const rows = [
      ...['build the wall now', 'secure the border', 'cut taxes', 'border security first'].map(
        (text) => ({ text, label: 'red' })
      ),
      ...['health care is a right', 'care for every family', 'climate action', 'expand care'].map(
        (text) => ({ text, label: 'blue' })
      ),
    ];
    const artifact = Buffer.from(
      exportToOnnx(
        trainTextClassifier(rows, {
          algorithm: 'logistic-regression',
          ngramRange: [1, 2],
          minDf: 1,
        })
      )
    );
    slug = await createModel(app);
    admin = await createAdmin(app);
    await deploy(app, admin, slug, artifact);
    ttlMs = config().fastPath.ttlMs;
    config().fastPath.ttlMs = 60_000; // a decision would outlive the test: only the change can drop it
  }, 300_000);
  afterAll(async () => {
    config().fastPath.ttlMs = ttlMs;
    await app.stop();
  });

  it('a reader with a personal model is served by the lane, and the answer is the routed one, personal scope and all', async () => {
    const reader = await registerReader(app);
    for (const text of ['taxes for the towns', 'the border towns', 'towns and taxes'])
      expect((await label(reader, text, 'blue')).status).toBe(201);
    const bodies = [
      { text: 'the border towns', explain: true },
      { texts: ['cut taxes', 'expand care'] },
      { text: 'the wall', scope: 'global' },
      { text: '' },
    ];

    const fast = [];
    for (const body of bodies) fast.push(await predict(reader.headers, body));
    const slow = [];
    for (const body of bodies) slow.push(await routed(reader.headers, body));

    expect(fast.map((r) => r.status)).toEqual([200, 200, 200, 400]);
    expect(fast.slice(0, 3).map((r) => r.headers['server-timing'])).toEqual([
      'fastpath',
      'fastpath',
      'fastpath',
    ]);
    expect(slow.map((r) => r.headers['server-timing'])).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(fast[0].body.meta).toEqual({
      model: slug,
      version: 1,
      scope: 'personal',
      variant: 'personal',
    });
    expect(fast.map((r) => r.body)).toEqual(slow.map((r) => r.body));
  });

  it("a lane predict records the reader's outcome, which their label then completes", async () => {
    const reader = await registerReader(app);
    const text = 'an outcome text for the lane';

    const res = await predict(reader.headers, { text });
    expect(res.headers['server-timing']).toBe('fastpath');
    expect((await label(reader, text, 'red')).status).toBe(201);

    const rows = await app.strapi.db
      .connection(OUTCOMES)
      .where({ caller_key: `user:${reader.id}` })
      .select('predicted_label', 'outcome_label', 'variant');
    expect(rows).toEqual([
      { predicted_label: res.body.data.label, outcome_label: 'red', variant: 'champion' },
    ]);
  });

  it('a prediction no label follows is written by the queue on its own, and a full queue writes before answering', async () => {
    const reader = await registerReader(app);
    const outcomes = () =>
      app.strapi.db
        .connection(OUTCOMES)
        .where({ caller_key: `user:${reader.id}` })
        .select('subject_key');
    const settings = app.strapi.config.get('plugin::model-manager.outcomes') as {
      maxQueued: number;
    };

    await predict(reader.headers, { text: 'queued, then written' });
    await eventually(async () => (await outcomes()).length === 1);
    app.strapi.config.set('plugin::model-manager.outcomes', { ...settings, maxQueued: 1 });
    try {
      await predict(reader.headers, { text: 'written before the answer' });
      expect(await outcomes()).toHaveLength(2); // no waiting: the request wrote it
    } finally {
      app.strapi.config.set('plugin::model-manager.outcomes', settings);
    }
  });

  it('a reader who is blocked is refused (401) on their very next predict, as on the routed path', async () => {
    const reader = await registerReader(app);
    expect((await predict(reader.headers)).headers['server-timing']).toBe('fastpath');

    await app.strapi.plugin('users-permissions').service('user').edit(reader.id, { blocked: true });
    const next = await predict(reader.headers);
    const slow = await routed(reader.headers);

    expect(next.status).toBe(401);
    expect([next.status, next.body]).toEqual([slow.status, slow.body]);
  });

  it('a reader whose role loses the predict action is refused (403) on their very next predict', async () => {
    const reader = await createReader(app, [PREDICT, FEEDBACK]);
    expect((await predict(reader.headers)).headers['server-timing']).toBe('fastpath');
    const user = await users().findOne({ where: { id: reader.id }, populate: ['role'] });

    await app.strapi.db
      .query('plugin::users-permissions.permission')
      .delete({ where: { action: PREDICT, role: { id: user.role.id } } });
    const next = await predict(reader.headers);

    expect(next.status).toBe(403);
    expect(next.body).toEqual((await routed(reader.headers)).body);
  });

  it('a reader moved to a role without predict is refused at once, and moved back, served again', async () => {
    const reader = await createReader(app, [PREDICT]);
    const other = await createReader(app, [FEEDBACK]);
    const [own, without] = await Promise.all(
      [reader, other].map(
        async (r) => (await users().findOne({ where: { id: r.id }, populate: ['role'] })).role.id
      )
    );
    expect((await predict(reader.headers)).headers['server-timing']).toBe('fastpath');

    await app.strapi.plugin('users-permissions').service('user').edit(reader.id, { role: without });
    expect((await predict(reader.headers)).status).toBe(403);
    await app.strapi.plugin('users-permissions').service('user').edit(reader.id, { role: own });
    const back = await predict(reader.headers);

    expect([back.status, back.headers['server-timing']]).toEqual([200, 'fastpath']);
  });

  it("a password change drops the reader's cached decision: the lane decides again, as users-permissions would", async () => {
    const reader = await createReader(app, [PREDICT]);
    const lookups = async () =>
      (await app.http().get('/model-manager/runtime').set(admin.headers)).body.data
        .fastPathDecisions.readers.lookups as number;
    await predict(reader.headers);
    const before = await lookups();
    await predict(reader.headers);
    expect(await lookups()).toBe(before); // cached

    await app.strapi
      .plugin('users-permissions')
      .service('user')
      .edit(reader.id, { password: 'Another-password-2' });
    const next = await predict(reader.headers);

    expect(await lookups()).toBe(before + 1);
    // users-permissions (legacy JWTs) keeps a JWT valid across a password change: so does the lane
    expect([next.status, next.headers['server-timing']]).toEqual([200, 'fastpath']);
    expect(next.body).toEqual((await routed(reader.headers)).body);
  });

  it('a JWT that is not valid (bad signature) is left to the routed path: 401', async () => {
    const reader = await registerReader(app);
    const forged = { Authorization: `${reader.headers.Authorization.slice(0, -2)}xx` };

    const res = await predict(forged);

    expect(res.status).toBe(401);
    expect(res.headers['server-timing']).toBeUndefined();
  });
});
