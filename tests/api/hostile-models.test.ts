import { createAdmin, type AdminSession } from '../helpers/admin';
import { whileOthersAreServed } from '../helpers/concurrent';
import { eventually } from '../helpers/eventually';
import { createModel, deploy } from '../helpers/models';
import { hostileOnnx, textClassifierOnnx, type HostileKind } from '../helpers/onnx-fixtures';
import { startApp, type TestApp } from '../helpers/strapi';

/**
 * Uploads built to hurt (issue 9): each is refused with a 400 naming the problem, in the
 * validation sandbox, while another caller's predictions keep being answered by the same process.
 */
describe('hostile uploads are refused while everyone else is served', () => {
  let app: TestApp;
  let reviewer: AdminSession;
  let served: string;
  const predict = (slug: string, body: object) =>
    app.http().post(`/api/model-manager/models/${slug}/predict`).set(app.fullAccess).send(body);
  const upload = (slug: string, bytes: Buffer) =>
    app
      .http()
      .post(`/api/model-manager/models/${slug}/versions`)
      .set(app.fullAccess)
      .attach('file', bytes, 'model.onnx');
  const artifactRows = async () =>
    Number((await app.strapi.db.connection('mm_artifacts').count({ n: '*' }))[0].n);
  const sandbox = () =>
    app.strapi.config.get('plugin::model-manager.sandbox') as {
      timeoutMs: number;
      memoryLimitMb: number;
    };
  const sandboxes = () =>
    (
      app.strapi.plugin('model-manager').service('runtime').stats() as {
        sandboxes: { running: number };
      }
    ).sandboxes;

  beforeAll(async () => {
    app = await startApp();
    reviewer = await createAdmin(app);
    served = await createModel(app);
    await deploy(app, reviewer, served, textClassifierOnnx());
    // The loop is stopped by the timeout: keep it short, so the test is too.
    app.strapi.config.set('plugin::model-manager.sandbox', { ...sandbox(), timeoutMs: 4_000 });
    // These graphs would be refused before the sandbox (data_sized_graph, served-deadline.test.ts):
    // allow-listed here, so what the sandbox's own limits do with them is shown.
    app.strapi.config.set('plugin::model-manager.allowDataSizedOps', ['Loop', 'ConstantOfShape']);
  }, 300_000); // booting and deploying through the sandbox takes long on a swamped machine
  afterAll(async () => {
    await app.stop();
  });

  it.each<[string, HostileKind, string, RegExp]>([
    [
      'a Loop of 2^40 iterations',
      'loop',
      'timeout',
      /longer than the 4000 ms allowed \(sandbox\.timeoutMs\)/,
    ],
    [
      'a ConstantOfShape of 3.2 GB',
      'huge-allocation',
      'memory_limit',
      /more than the 1536 MB allowed \(sandbox\.memoryLimitMb\)/,
    ],
    [
      'weights stored as external data pointing at package.json',
      'external-data',
      'external_data',
      /external data.*package\.json/,
    ],
    ['NaN probabilities for every text', 'nan-always', 'non_finite_output', /non-finite/],
  ])(
    'when the upload has %s, it is a 400 naming the problem, nothing is stored, and predictions keep coming',
    async (_, kind, problem, message) => {
      const slug = await createModel(app);
      const before = await artifactRows();

      const { res, answeredWhileBusy } = await whileOthersAreServed(
        () => upload(slug, hostileOnnx(kind)),
        () => predict(served, { text: 'build the wall' }),
        () => sandboxes().running > 0 // the upload's checks run in a sandbox process
      );

      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        status: 400,
        name: 'ValidationError',
        details: { problem },
      });
      expect(res.body.error.message).toMatch(message);
      expect(res.body.error.details.errors[0].path).toEqual(['file']);
      expect(answeredWhileBusy).toBe(true);
      expect(await artifactRows()).toBe(before);
    }
  );

  it('a burst of uploads past the sandbox queue is a 503 at once, not one more process', async () => {
    const slug = await createModel(app);
    const limits = sandbox();
    app.strapi.config.set('plugin::model-manager.sandbox', {
      ...limits,
      maxConcurrent: 1,
      maxQueued: 0,
    });
    try {
      const slow = upload(slug, hostileOnnx('loop')).then((res) => res); // holds the only sandbox until its timeout
      await eventually(async () => sandboxes().running === 1, { timeoutMs: 60_000 });

      const refused = await upload(slug, textClassifierOnnx({ strength: 4.5 }));

      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('2');
      expect(refused.body.error.message).toMatch(/sandbox\.maxConcurrent/);
      expect((await slow).status).toBe(400);
      expect((await upload(slug, textClassifierOnnx({ strength: 4.5 }))).status).toBe(201); // the slot came back
    } finally {
      app.strapi.config.set('plugin::model-manager.sandbox', limits);
    }
  });

  it('a served model that answers NaN for one text gets an error naming its version, not null probabilities', async () => {
    const slug = await createModel(app);
    const version = await deploy(app, reviewer, slug, hostileOnnx('nan-on-poison'));

    const res = await predict(slug, { texts: ['care for all', 'this is poison'] });

    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      new RegExp(`"${slug}" version ${version} answered non-finite probabilities`)
    );
    expect(res.body.error.details).toMatchObject({
      problem: 'non_finite_output',
      model: slug,
      version,
      index: 1,
    });
    const sound = await predict(slug, { text: 'care for all' });
    expect(sound.status).toBe(200);
    expect(sound.body.data.probabilities.blue).toBeGreaterThan(0.5);
  });

  it('an explanation over the request budget is a 413 naming the limit, before any work, while others are served', async () => {
    // 1.6 M characters: within the budget (2 M) plain, over it explained whichever way the model
    // explains (exact: twice the characters; leave-one-out: once per word): CI once served this
    // model exact explanations where a run here gave leave-one-out, so the test holds for both
    const long = Array.from({ length: 1000 }, (_, i) => `word${i}`).join(' ');
    const texts = Array.from({ length: 200 }, () => long);
    expect(texts.join('').length).toBeLessThan(2_000_000);

    const { res } = await whileOthersAreServed(
      () => predict(served, { texts, explain: true }),
      () => predict(served, { text: 'care' }),
      () => true // refused before any work: probes until it answers, each must succeed
    );

    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({
      status: 413,
      name: 'PayloadTooLargeError',
      details: { limit: 2_000_000, field: 'explain' },
    });
    expect(res.body.error.message).toMatch(/requestBudget/);
    const plain = await predict(served, { texts: texts.slice(0, 50) });
    expect(plain.status).toBe(200);
  });
});
