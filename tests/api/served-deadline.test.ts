import { createHash } from 'crypto';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { whileOthersAreServed } from '../helpers/concurrent';
import { createModel, deploy } from '../helpers/models';
import { hostileOnnx, textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startApp, type TestApp } from '../helpers/strapi';

/**
 * Issue 24, item 1: a served model that is slow only for some inputs (a Loop whose trip count is
 * a word count) is stopped at its deadline, in its own capped process, while others are served.
 */
describe('every served inference has a deadline', () => {
  let app: TestApp;
  let reviewer: AdminSession;
  let ordinary: string;
  const DEADLINE_MS = 3_000;
  const predict = (slug: string, body: object) =>
    app.http().post(`/api/model-manager/models/${slug}/predict`).set(app.fullAccess).send(body);
  const upload = (slug: string, bytes: Buffer) =>
    app
      .http()
      .post(`/api/model-manager/models/${slug}/versions`)
      .set(app.fullAccess)
      .attach('file', bytes, 'model.onnx');
  const runtimeStats = () =>
    app.strapi.plugin('model-manager').service('runtime').stats() as {
      deadlinesPassed: number;
      inlineArtifacts: string[];
      leased: string[];
    };

  beforeAll(async () => {
    app = await startApp();
    reviewer = await createAdmin(app);
    ordinary = await createModel(app);
    await deploy(app, reviewer, ordinary, textClassifierOnnx({ strength: 3.25 }));
    app.strapi.config.set('plugin::model-manager.inference.deadlineMs', DEADLINE_MS);
  }, 300_000);
  afterAll(async () => {
    await app.stop();
  });

  it('a graph whose Loop count comes from its data is refused at upload unless allow-listed', async () => {
    const slug = await createModel(app);

    const res = await upload(slug, hostileOnnx('loop-on-spin'));

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      status: 400,
      name: 'ValidationError',
      details: { problem: 'data_sized_graph' },
    });
    expect(res.body.error.message).toMatch(/Loop at graph\.node\[Loop\].*allowDataSizedOps/);
  });

  it('when an allow-listed model loops on one text, its caller gets a 504 naming the version and the limit, others are served meanwhile, and the version answers ordinary texts afterwards', async () => {
    app.strapi.config.set('plugin::model-manager.allowDataSizedOps', ['Loop']);
    const slug = await createModel(app);
    let version: number;
    try {
      version = await deploy(app, reviewer, slug, hostileOnnx('loop-on-spin'));
    } finally {
      app.strapi.config.set('plugin::model-manager.allowDataSizedOps', []);
    }
    expect((await predict(slug, { text: 'care for all' })).status).toBe(200); // loaded before the trigger
    const before = runtimeStats().deadlinesPassed;

    const spinning = createHash('sha256').update(hostileOnnx('loop-on-spin')).digest('hex');
    const { res, answeredWhileBusy } = await whileOthersAreServed(
      () => predict(slug, { text: 'spin the wall' }),
      () => predict(ordinary, { text: 'build the wall' }),
      () => runtimeStats().leased.includes(spinning) // its run holds the session until stopped
    );

    expect(res.status).toBe(504);
    expect(res.body.error).toMatchObject({
      status: 504,
      details: { problem: 'deadline', model: slug, version, limitMs: DEADLINE_MS },
    });
    expect(res.body.error.message).toBe(
      `Model "${slug}" version ${version} did not answer within the ${DEADLINE_MS} ms allowed (inference.deadlineMs); it was stopped.`
    );
    expect(answeredWhileBusy).toBe(true);
    expect(runtimeStats().deadlinesPassed).toBe(before + 1);
    const after = await predict(slug, { text: 'care for all' });
    expect(after.status).toBe(200);
    expect(after.body.meta).toMatchObject({ model: slug, version });
    expect(after.body.data.probabilities.blue).toBeGreaterThan(0.9);
  });
});
