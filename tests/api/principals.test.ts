import { ACTIONS } from '../../src/plugins/model-manager/shared/constants';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { createModel, uploadVersion } from '../helpers/models';
import { freshClassifiers, textClassifierOnnx } from '../helpers/onnx-fixtures';
import { createReader } from '../helpers/readers';
import { startApp, unique, type TestApp } from '../helpers/strapi';

/** Four-eyes compares people: every credential resolves to the human behind it. */
describe('who is acting, whatever the credential', () => {
  let app: TestApp;
  let author: AdminSession;
  let other: AdminSession;
  const fresh = freshClassifiers(100);

  beforeAll(async () => {
    app = await startApp();
    author = await createAdmin(app);
    other = await createAdmin(app);
  });
  afterAll(async () => {
    await app.stop();
  });

  const step = (headers: Record<string, string>, slug: string, number: number, action: string) =>
    app
      .http()
      .post(`/model-manager/models/${slug}/versions/${number}/${action}`)
      .set(headers)
      .send({ data: {} });
  const status = async (slug: string, number: number) =>
    (
      await app
        .http()
        .get(`/api/model-manager/models/${slug}/versions/${number}`)
        .set(app.fullAccess)
    ).body.data.status;
  const adminToken = async (session: AdminSession, actions: string[]) => {
    const res = await app
      .http()
      .post('/admin/admin-tokens')
      .set(session.headers)
      .send({
        name: unique('admin-token'),
        lifespan: null,
        adminPermissions: actions.map((action) => ({
          action,
          subject: null,
          conditions: [],
          properties: {},
        })),
      });
    if (res.status !== 201)
      throw new Error(`admin token: ${res.status} ${JSON.stringify(res.body)}`);
    return { Authorization: `Bearer ${res.body.data.accessKey}` };
  };
  const contentToken = async (session: AdminSession) => {
    const res = await app
      .http()
      .post('/admin/api-tokens')
      .set(session.headers)
      .send({ name: unique('api-token'), type: 'full-access', lifespan: null });
    if (res.status !== 201) throw new Error(`API token: ${res.status} ${JSON.stringify(res.body)}`);
    return { Authorization: `Bearer ${res.body.data.accessKey}` };
  };

  it('an admin token cannot submit, approve or reject, even with the review permission: review needs an admin session', async () => {
    const slug = await createModel(app);
    const number = await uploadVersion(app, slug, fresh());
    const token = await adminToken(other, [ACTIONS.read, ACTIONS.review]);

    const submit = await step(token, slug, number, 'submit');
    await step(other.headers, slug, number, 'submit');
    const approve = await step(token, slug, number, 'approve');
    const reject = await step(token, slug, number, 'reject');

    for (const res of [submit, approve, reject]) {
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        name: 'PolicyError',
        details: { rule: 'admin-session' },
      });
    }
    expect(await status(slug, number)).toBe('in_review');
    expect((await app.http().get(`/model-manager/models/${slug}/audit`).set(token)).status).toBe(
      200
    ); // it still reads
  });

  it('the admin who created a content-API token cannot approve a version uploaded with it; someone else can', async () => {
    const slug = await createModel(app);
    const token = await contentToken(author);
    const number = await uploadVersion(app, slug, fresh(), token);
    await step(author.headers, slug, number, 'submit');

    const own = await step(author.headers, slug, number, 'approve');
    const review = await step(other.headers, slug, number, 'approve');

    expect(own.status).toBe(403);
    expect(own.body.error).toMatchObject({ name: 'PolicyError', details: { rule: 'four-eyes' } });
    expect(review.status).toBe(200);
  });

  it('an upload with an admin token is its owner’s: the owner cannot approve it in a session', async () => {
    const slug = await createModel(app);
    const token = await adminToken(author, [ACTIONS.read, ACTIONS.upload]);
    const upload = await app
      .http()
      .post(`/model-manager/models/${slug}/versions`)
      .set(token)
      .attach('file', fresh(), 'm.onnx');
    await step(author.headers, slug, upload.body.data.number, 'submit');

    const own = await step(author.headers, slug, upload.body.data.number, 'approve');

    expect(upload.status).toBe(201);
    expect(upload.body.data.createdByActor).toMatchObject({
      kind: 'admin',
      id: author.id,
      via: 'admin-token',
    });
    expect(own.status).toBe(403);
    expect(own.body.error.details.rule).toBe('four-eyes');
  });

  it('a users-permissions JWT acts as that user, and content-API answers show no e-mail address', async () => {
    const slug = await createModel(app);
    const reader = await createReader(app, [
      'plugin::model-manager.versions.create',
      'plugin::model-manager.versions.find',
    ]);

    const upload = await app
      .http()
      .post(`/api/model-manager/models/${slug}/versions`)
      .set(reader.headers)
      .attach('file', fresh(), 'm.onnx');
    const list = await app
      .http()
      .get(`/api/model-manager/models/${slug}/versions`)
      .set(reader.headers);

    expect(upload.status).toBe(201);
    expect(upload.body.data.createdByActor).toMatchObject({ kind: 'user', id: reader.id });
    expect(JSON.stringify([upload.body, list.body])).not.toContain('@');
  });

  it('an admin with no name is shown without an e-mail address in content-API answers', async () => {
    const { strapi } = app;
    const superAdmin = await strapi.service('admin::role').getSuperAdmin();
    const email = `${unique('nameless')}@example.test`;
    await strapi.service('admin::user').create({
      email,
      firstname: null,
      lastname: null,
      password: 'Test-password-1',
      isActive: true,
      roles: [superAdmin.id],
      registrationToken: null,
    });
    const login = await app
      .http()
      .post('/admin/login')
      .send({ email, password: 'Test-password-1' });
    const headers = {
      Authorization: `Bearer ${login.body.data.token ?? login.body.data.accessToken}`,
    };
    const slug = await createModel(app);

    const upload = await app
      .http()
      .post(`/model-manager/models/${slug}/versions`)
      .set(headers)
      .attach('file', fresh(), 'm.onnx');
    const seen = await app.http().get(`/api/model-manager/models/${slug}`).set(app.fullAccess);

    expect(upload.status).toBe(201);
    expect(JSON.stringify(seen.body)).not.toContain(email);
  });

  it('an upload onnxruntime refuses names the problem in plain words in the content API; the admin API keeps the detail', async () => {
    const slug = await createModel(app);
    const bytes = textClassifierOnnx({ extraNode: { opType: 'NoSuchOp' } });

    const viaToken = await app
      .http()
      .post(`/api/model-manager/models/${slug}/versions`)
      .set(app.fullAccess)
      .attach('file', bytes, 'm.onnx');
    const viaAdmin = await app
      .http()
      .post(`/model-manager/models/${slug}/versions`)
      .set(other.headers)
      .attach('file', bytes, 'm.onnx');

    expect(viaToken.status).toBe(400);
    expect(viaToken.body.error).toMatchObject({
      message: 'The model uses an operator onnxruntime cannot run here.',
      details: { problem: 'unsupported_operator' },
    });
    expect(viaAdmin.status).toBe(400);
    expect(viaAdmin.body.error.message).toContain('NoSuchOp');
  });

  it.each([
    ['GET', '/api/model-manager/models'],
    ['POST', '/api/model-manager/models/no-such-model/predict'],
  ])('%s %s: no credentials is a 403, bad credentials a 401', async (method, path) => {
    const none = await app
      .http()
      [method === 'GET' ? 'get' : 'post'](path)
      .send(method === 'GET' ? undefined : { text: 'x' });
    const bad = await app
      .http()
      [method === 'GET' ? 'get' : 'post'](path)
      .set({ Authorization: 'Bearer not-a-token' })
      .send(method === 'GET' ? undefined : { text: 'x' });

    expect(none.status).toBe(403);
    expect(none.body.error.name).toBe('ForbiddenError');
    expect(bad.status).toBe(401);
    expect(bad.body.error.name).toBe('UnauthorizedError');
  });
});
