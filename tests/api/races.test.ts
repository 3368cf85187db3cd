import { UIDS } from '../../src/plugins/model-manager/shared/constants';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { approve, createModel, uploadVersion } from '../helpers/models';
import { freshClassifiers } from '../helpers/onnx-fixtures';
import { startApp, type TestApp } from '../helpers/strapi';

/**
 * Concurrent requests against one model. They prove something on PostgreSQL, where requests run
 * on separate connections (SQLite's single connection serializes them anyway); the suite runs
 * there in CI's second pass.
 */
describe('lifecycle changes that race', () => {
  let app: TestApp;
  let reviewer: AdminSession;
  const fresh = freshClassifiers(40);

  beforeAll(async () => {
    app = await startApp();
    reviewer = await createAdmin(app);
  });
  afterAll(async () => {
    await app.stop();
  });

  const contentPost = (path: string) =>
    app.http().post(`/api/model-manager/models/${path}`).set(app.fullAccess).send({ data: {} });
  const adminPost = (path: string) =>
    app.http().post(`/model-manager/models/${path}`).set(reviewer.headers).send({ data: {} });
  const statuses = async (slug: string) =>
    (
      (await app.http().get(`/api/model-manager/models/${slug}/versions`).set(app.fullAccess)).body
        .data as Array<{ number: number; status: string }>
    )
      .sort((a, b) => a.number - b.number)
      .map((v) => v.status);
  const championRows = async (slug: string) => {
    const model = await app.strapi.db.query(UIDS.model).findOne({ where: { slug } });
    return app.strapi.db.connection('mm_champions').where({ model_id: model!.id });
  };
  const approvedVersions = async (slug: string, count: number) => {
    const numbers: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const number = await uploadVersion(app, slug, fresh());
      await approve(app, reviewer, slug, number);
      numbers.push(number);
    }
    return numbers;
  };

  it('when four approved versions are promoted at once, exactly one ends in production', async () => {
    const slug = await createModel(app);
    const numbers = await approvedVersions(slug, 4);

    const results = await Promise.all(
      numbers.map((n) => contentPost(`${slug}/versions/${n}/promote`))
    );

    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const final = await statuses(slug);
    expect(final.filter((s) => s === 'production')).toHaveLength(1);
    expect(final.filter((s) => s === 'archived')).toHaveLength(
      results.filter((r) => r.status === 200).length - 1
    );
    const champion = await championRows(slug);
    expect(champion).toHaveLength(1);
    const history = await app
      .http()
      .get(`/model-manager/models/${slug}/deployments`)
      .set(reviewer.headers);
    expect(history.body.data.filter((d: { role: string }) => d.role === 'champion')).toHaveLength(
      results.filter((r) => r.status === 200).length
    );
  });

  it('when approve and reject of one version arrive together, exactly one wins and the other is a 409', async () => {
    const slug = await createModel(app);
    const number = await uploadVersion(app, slug, fresh());
    await adminPost(`${slug}/versions/${number}/submit`);

    const [approved, rejected] = await Promise.all([
      adminPost(`${slug}/versions/${number}/approve`),
      adminPost(`${slug}/versions/${number}/reject`),
    ]);

    expect([approved.status, rejected.status].sort()).toEqual([200, 409]);
    const [status] = await statuses(slug);
    expect(status).toBe(approved.status === 200 ? 'approved' : 'rejected');
    const audit = await app.http().get(`/model-manager/models/${slug}/audit`).set(reviewer.headers);
    expect(
      audit.body.data.filter(
        (e: { action: string }) => e.action === 'approve' || e.action === 'reject'
      )
    ).toHaveLength(1);
  });

  it('when the same bytes are uploaded four times at once, to one model and to another, none is a 5xx', async () => {
    const [first, second] = [await createModel(app), await createModel(app)];
    const bytes = fresh();
    const upload = (slug: string) =>
      app
        .http()
        .post(`/api/model-manager/models/${slug}/versions`)
        .set(app.fullAccess)
        .attach('file', bytes, 'same.onnx');

    const results = await Promise.all([
      upload(first),
      upload(second),
      upload(first),
      upload(second),
    ]);

    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.body.data.artifactHash)).size).toBe(1);
    const artifact = await app.strapi.db
      .connection('mm_artifacts')
      .where({ hash: results[0].body.data.artifactHash });
    expect(artifact).toHaveLength(1);
  });

  it('when promote and archive of one approved version arrive together, one wins and the state agrees with it', async () => {
    const slug = await createModel(app);
    const [number] = await approvedVersions(slug, 1);

    const [promoted, archived] = await Promise.all([
      contentPost(`${slug}/versions/${number}/promote`),
      adminPost(`${slug}/versions/${number}/archive`),
    ]);

    expect([promoted.status, archived.status].sort()).toEqual([200, 409]);
    const [status] = await statuses(slug);
    expect(status).toBe(promoted.status === 200 ? 'production' : 'archived');
    expect(await championRows(slug)).toHaveLength(promoted.status === 200 ? 1 : 0);
  });
});
