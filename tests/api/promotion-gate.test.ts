import { createAdmin, type AdminSession } from '../helpers/admin';
import { approve, deploy, uploadVersion } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startApp, unique, type TestApp } from '../helpers/strapi';

/**
 * The promotion gate: a candidate scored against the champion on the model's evaluation set, and
 * the policy (plugin config) that refuses a worse one unless a reason is given, in the content
 * API and the admin API alike. The fixtures answer by the words "care" (blue) and "wall" (red);
 * a negative strength answers the opposite, so it is wrong on every row of the set.
 */
describe('the promotion gate', () => {
  let app: TestApp;
  let reviewer: AdminSession;
  let strength = 2;
  const good = () => textClassifierOnnx({ strength: (strength += 0.25) });
  const inverted = () => textClassifierOnnx({ strength: -(strength += 0.25) });
  const ROWS = 10;

  beforeAll(async () => {
    app = await startApp();
    reviewer = await createAdmin(app);
  });
  afterAll(async () => {
    await app.stop();
  });

  /** A model whose evaluation set is ROWS labelled texts, with a correct champion in production. */
  async function servingModel(): Promise<{ slug: string; champion: number }> {
    const slug = unique('gated');
    const res = await app
      .http()
      .post('/api/model-manager/models')
      .set(app.fullAccess)
      .send({ data: { name: slug, slug, labels: ['blue', 'red'], evaluationDataset: 'x-gate' } });
    if (res.status !== 201) throw new Error(`model create failed: ${res.status}`);
    const plugin = app.strapi.plugin('model-manager');
    const model = await plugin.service('models').requireModel(slug);
    for (let i = 0; i < ROWS; i += 1) {
      const [text, label] = i % 2 ? [`build the wall ${i}`, 'red'] : [`we care ${i}`, 'blue'];
      await plugin
        .service('feedback')
        .give(model, { text, label, giverKey: 'import:test', source: 'import', dataset: 'x-gate' });
    }
    return { slug, champion: await deploy(app, reviewer, slug, good()) };
  }
  const approvedCandidate = async (slug: string, bytes: Buffer) => {
    const number = await uploadVersion(app, slug, bytes);
    await approve(app, reviewer, slug, number);
    return number;
  };
  const contentPromote = (slug: string, number: number, data: Record<string, unknown> = {}) =>
    app
      .http()
      .post(`/api/model-manager/models/${slug}/versions/${number}/promote`)
      .set(app.fullAccess)
      .send({ data });
  const production = async (slug: string) =>
    (await app.http().get(`/api/model-manager/models/${slug}`).set(app.fullAccess)).body.data
      .production?.number;

  it('shows the candidate against the champion on the same set: metrics, differences, and who is right where they differ', async () => {
    const { slug, champion } = await servingModel();
    const candidate = await approvedCandidate(slug, inverted());

    const res = await app
      .http()
      .get(`/model-manager/models/${slug}/versions/${candidate}/promotion-check`)
      .set(reviewer.headers);

    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      candidate,
      champion,
      dataset: 'x-gate',
      size: ROWS,
      metrics: { accuracy: { candidate: 0, champion: 1, difference: -1 } },
      flips: { candidateRight: 0, championRight: ROWS, bothWrong: 0 },
      passes: false,
    });
    expect(res.body.data.violations.map((v: { metric: string }) => v.metric)).toEqual([
      'accuracy',
      'macroF1',
      'auc',
    ]);
  });

  it('the content API refuses a worse version with a 409 naming the rule, and the champion keeps serving', async () => {
    const { slug, champion } = await servingModel();
    const candidate = await approvedCandidate(slug, inverted());

    const res = await contentPromote(slug, candidate, { comment: 'ship it' });

    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/accuracy drops 100\.0 pt .*rule max-metric-drop/);
    expect(res.body.error.details).toMatchObject({ rule: 'max-metric-drop' });
    expect(await production(slug)).toBe(champion);
  });

  it('a reason overrides the policy, and the audit records the rule broken and the reason', async () => {
    const { slug } = await servingModel();
    const candidate = await approvedCandidate(slug, inverted());

    const res = await contentPromote(slug, candidate, {
      comment: 'ship it',
      reason: 'the old set is stale; reviewed by hand',
    });

    expect(res.status).toBe(200);
    expect(await production(slug)).toBe(candidate);
    const audit = await app.http().get(`/model-manager/models/${slug}/audit`).set(reviewer.headers);
    const promoted = audit.body.data.find(
      (e: { action: string; versionNumber: number }) =>
        e.action === 'promote' && e.versionNumber === candidate
    );
    expect(promoted.comment).toMatch(
      /^ship it · Promotion policy overridden \(max-metric-drop\): the old set is stale; reviewed by hand · the reviewer .+ saw these at approval$/
    );
  });

  it('an approval records the gate the reviewer saw: the rules broken, in the version and the audit', async () => {
    const { slug, champion } = await servingModel();
    const candidate = await uploadVersion(app, slug, inverted());

    await approve(app, reviewer, slug, candidate);

    const version = await app
      .http()
      .get(`/model-manager/models/${slug}/versions/${candidate}`)
      .set(reviewer.headers);
    expect(version.body.data.reviewedGate).toEqual({
      champion,
      dataset: 'x-gate',
      size: ROWS,
      violations: [
        { rule: 'max-metric-drop', metric: 'accuracy' },
        { rule: 'max-metric-drop', metric: 'macroF1' },
        { rule: 'max-metric-drop', metric: 'auc' },
      ],
    });
    const audit = await app.http().get(`/model-manager/models/${slug}/audit`).set(reviewer.headers);
    const approval = audit.body.data.find(
      (e: { action: string; versionNumber: number }) =>
        e.action === 'approve' && e.versionNumber === candidate
    );
    expect(approval.comment).toBe(
      `approve in test · Approved seeing the promotion policy not met against version ${champion}: accuracy (max-metric-drop), macroF1 (max-metric-drop), auc (max-metric-drop)`
    );
  });

  it('an override of a rule the approval did not see says so in the audit', async () => {
    const { slug } = await servingModel();
    const candidate = await approvedCandidate(slug, good()); // passes when approved
    const key = 'plugin::model-manager.promotionPolicies';
    const before = app.strapi.config.get(key);
    app.strapi.config.set(key, { [slug]: { minEvaluationSize: ROWS + 1 } });
    try {
      const res = await contentPromote(slug, candidate, { reason: 'small set, known' });

      expect(res.status).toBe(200);
      const audit = await app
        .http()
        .get(`/model-manager/models/${slug}/audit`)
        .set(reviewer.headers);
      const promoted = audit.body.data.find(
        (e: { action: string; versionNumber: number }) =>
          e.action === 'promote' && e.versionNumber === candidate
      );
      expect(promoted.comment).toMatch(
        /Promotion policy overridden \(min-evaluation-size\): small set, known · the reviewer .+ did not see min-evaluation-size at approval$/
      );
    } finally {
      app.strapi.config.set(key, before);
    }
  });

  it('a version at least as good as the champion passes without a reason, in the admin API too', async () => {
    const { slug } = await servingModel();
    const candidate = await approvedCandidate(slug, good());

    const res = await app
      .http()
      .post(`/model-manager/models/${slug}/versions/${candidate}/promote`)
      .set(reviewer.headers)
      .send({ data: {} });

    expect(res.status).toBe(200);
    expect(await production(slug)).toBe(candidate);
  });

  it('a per-model policy wanting a larger evaluation set than the model has refuses with its own rule', async () => {
    const { slug, champion } = await servingModel();
    const candidate = await approvedCandidate(slug, good());
    const key = 'plugin::model-manager.promotionPolicies';
    const before = app.strapi.config.get(key);
    app.strapi.config.set(key, { [slug]: { minEvaluationSize: ROWS + 1 } });
    try {
      const res = await app
        .http()
        .post(`/model-manager/models/${slug}/versions/${candidate}/promote`)
        .set(reviewer.headers)
        .send({ data: {} });

      expect(res.status).toBe(409);
      expect(res.body.error.details).toMatchObject({
        rule: 'min-evaluation-size',
        rules: ['min-evaluation-size'],
      });
      expect(await production(slug)).toBe(champion);
    } finally {
      app.strapi.config.set(key, before);
    }
  });

  it("a model's detail serves its own promotion policy, the per-model override on the default", async () => {
    const { slug } = await servingModel();
    const key = 'plugin::model-manager.promotionPolicies';
    const before = app.strapi.config.get(key);
    app.strapi.config.set(key, { [slug]: { maxMetricDrop: { auc: 0.01 } } });
    try {
      const res = await app.http().get(`/model-manager/models/${slug}`).set(reviewer.headers);

      expect(res.status).toBe(200);
      expect(res.body.data.promotionPolicy).toEqual({
        maxMetricDrop: { accuracy: 0.002, macroF1: 0.002, auc: 0.01 },
        minEvaluationSize: 0,
      });
    } finally {
      app.strapi.config.set(key, before);
    }
  });

  it.each([
    ['a blank reason', { reason: '   ' }],
    ['an unknown field', { override: true }],
  ])('promote with %s is a 400', async (_, data) => {
    const { slug } = await servingModel();
    const candidate = await approvedCandidate(slug, inverted());

    const res = await contentPromote(slug, candidate, data);

    expect(res.status).toBe(400);
  });

  it('the promotion check is refused without an admin session', async () => {
    const { slug, champion } = await servingModel();

    const res = await app
      .http()
      .get(`/model-manager/models/${slug}/versions/${champion}/promotion-check`)
      .set(app.fullAccess);

    expect(res.status).toBe(401);
  });
});
