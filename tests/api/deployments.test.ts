import { createAdmin, type AdminSession } from '../helpers/admin';
import { approve, createModel, promote, uploadVersion } from '../helpers/models';
import { freshClassifiers } from '../helpers/onnx-fixtures';
import { startApp, type TestApp } from '../helpers/strapi';

describe('the deployment history', () => {
  let app: TestApp;
  let reviewer: AdminSession;
  const fresh = freshClassifiers(60);

  beforeAll(async () => {
    app = await startApp();
    reviewer = await createAdmin(app);
  });
  afterAll(async () => {
    await app.stop();
  });

  const approvedVersion = async (slug: string) => {
    const number = await uploadVersion(app, slug, fresh());
    await approve(app, reviewer, slug, number);
    return number;
  };
  const rollback = (slug: string) =>
    app
      .http()
      .post(`/api/model-manager/models/${slug}/rollback`)
      .set(app.fullAccess)
      .send({ data: { comment: 'back' } });
  const production = async (slug: string) =>
    (await app.http().get(`/api/model-manager/models/${slug}`).set(app.fullAccess)).body.data
      .production;
  const servedAt = async (slug: string, at: string) => {
    const res = await app
      .http()
      .get(`/model-manager/models/${slug}/served-at`)
      .query({ at })
      .set(reviewer.headers);
    expect(res.status).toBe(200);
    return res.body.data;
  };
  /** An instant strictly after everything written so far, and strictly before what comes next. */
  const instant = async () => {
    const at = new Date();
    // Stamps have millisecond precision: wait for the clock to pass `at`, so later writes are later.
    while (Date.now() <= at.getTime()) await new Promise((resolve) => setImmediate(resolve));
    return at.toISOString();
  };

  it('the rollback plan names what would serve again, and nothing while there is nothing to go back to', async () => {
    const slug = await createModel(app);
    const plan = async () =>
      (await app.http().get(`/model-manager/models/${slug}/rollback`).set(reviewer.headers)).body
        .data;
    const [a, b] = [await approvedVersion(slug), await approvedVersion(slug)];

    const none = await plan();
    await promote(app, slug, a);
    const first = await plan();
    await promote(app, slug, b);
    const second = await plan();
    await rollback(slug);
    const afterRollback = await plan();

    expect([none, first, second, afterRollback]).toEqual([
      { current: null, target: null },
      { current: a, target: null },
      { current: b, target: a },
      { current: a, target: null },
    ]);
  });

  it('rollbacks interleaved with three promotions restore what served before, walking back further each time', async () => {
    const slug = await createModel(app);
    const [a, b, c, d] = [
      await approvedVersion(slug),
      await approvedVersion(slug),
      await approvedVersion(slug),
      await approvedVersion(slug),
    ];

    await promote(app, slug, a);
    const servedA = await instant();
    await promote(app, slug, b);
    const servedB = await instant();
    const firstRollback = await rollback(slug); // B -> A
    const afterFirst = await instant();
    await promote(app, slug, c);
    const secondRollback = await rollback(slug); // C -> A (what served before C), not B
    const afterSecond = await instant();
    const thirdRollback = await rollback(slug); // A was first: nothing before it
    await promote(app, slug, d);
    const again = await app
      .http()
      .post(`/model-manager/models/${slug}/versions/${b}/promote`)
      .set(reviewer.headers)
      .send({}); // B again, over D (an editor may re-promote)
    const fourthRollback = await rollback(slug); // B -> D
    const fifthRollback = await rollback(slug); // D -> A (what served before D)

    expect(firstRollback.body.data).toMatchObject({ number: a, status: 'production' });
    expect(secondRollback.body.data).toMatchObject({ number: a, status: 'production' });
    expect(thirdRollback.status).toBe(409);
    expect(again.status).toBe(200);
    expect(fourthRollback.body.data.number).toBe(d);
    expect(fifthRollback.body.data.number).toBe(a);
    expect((await production(slug)).number).toBe(a);
    expect((await servedAt(slug, servedA)).champion.version).toBe(a);
    expect((await servedAt(slug, servedB)).champion.version).toBe(b);
    expect((await servedAt(slug, afterFirst)).champion).toMatchObject({
      version: a,
      cause: 'rollback',
    });
    expect((await servedAt(slug, afterSecond)).champion).toMatchObject({
      version: a,
      cause: 'rollback',
    });
    expect((await servedAt(slug, new Date(0).toISOString())).champion).toBeNull();
  });

  it('a restored version is a new deployment with a new promotion stamp, and the history only grows', async () => {
    const slug = await createModel(app);
    const [a, b] = [await approvedVersion(slug), await approvedVersion(slug)];
    await promote(app, slug, a);
    const firstStamp = (await production(slug)).promotedAt;
    await promote(app, slug, b);

    await rollback(slug);

    const restored = await production(slug);
    expect(restored.number).toBe(a);
    expect(new Date(restored.promotedAt).getTime()).toBeGreaterThan(new Date(firstStamp).getTime());
    const history = await app
      .http()
      .get(`/model-manager/models/${slug}/deployments`)
      .set(reviewer.headers);
    expect(
      history.body.data.map(
        (row: { version: number; cause: string }) => `${row.cause}:${row.version}`
      )
    ).toEqual([`rollback:${a}`, `promote:${b}`, `promote:${a}`]);
    expect(new Set(history.body.data.map((row: { id: number }) => row.id)).size).toBe(3);
  });

  it('challengers appear in what served at an instant, and leave it when archived', async () => {
    const slug = await createModel(app);
    const [a, b] = [await approvedVersion(slug), await approvedVersion(slug)];
    await promote(app, slug, a);
    const challenge = await app
      .http()
      .post(`/model-manager/models/${slug}/versions/${b}/challenge`)
      .set(reviewer.headers)
      .send({ data: { trafficShare: 0.2 } });
    const during = await instant();
    await app
      .http()
      .post(`/model-manager/models/${slug}/versions/${b}/archive`)
      .set(reviewer.headers)
      .send({ data: {} });

    expect(challenge.status).toBe(200);
    expect((await servedAt(slug, during)).challengers).toEqual([
      expect.objectContaining({ version: b, trafficShare: 0.2 }),
    ]);
    expect((await servedAt(slug, new Date().toISOString())).challengers).toEqual([]);
  });

  it('a served-at instant that is not a date is a 400 naming the field', async () => {
    const slug = await createModel(app);

    const res = await app
      .http()
      .get(`/model-manager/models/${slug}/served-at`)
      .query({ at: 'yesterday-ish' })
      .set(reviewer.headers);

    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['at']);
  });

  it('the content API promotes approved versions only', async () => {
    const slug = await createModel(app);
    const [a, b] = [await approvedVersion(slug), await approvedVersion(slug)];
    await promote(app, slug, a);
    await app
      .http()
      .post(`/model-manager/models/${slug}/versions/${b}/challenge`)
      .set(reviewer.headers)
      .send({ data: { trafficShare: 0.1 } });

    const viaToken = await app
      .http()
      .post(`/api/model-manager/models/${slug}/versions/${b}/promote`)
      .set(app.fullAccess)
      .send({});
    const viaAdmin = await app
      .http()
      .post(`/model-manager/models/${slug}/versions/${b}/promote`)
      .set(reviewer.headers)
      .send({});

    expect(viaToken.status).toBe(409);
    expect(viaToken.body.error.details).toMatchObject({
      status: 'challenger',
      allowedFrom: ['approved'],
    });
    expect(viaAdmin.status).toBe(200);
  });
});
