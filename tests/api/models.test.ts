import { createApiToken, startApp, unique, type TestApp } from '../helpers/strapi';

const MODELS = '/api/model-manager/models';

describe('models over the content API', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  const createModel = (data: Record<string, unknown>, headers = app.fullAccess) =>
    app.http().post(MODELS).set(headers).send({ data });

  it('when a model is created with an API token, it can be read back by its slug', async () => {
    const slug = unique('spam');

    const created = await createModel({
      name: 'Spam filter',
      slug,
      labels: ['ham', 'spam'],
      description: 'emails',
    });
    const read = await app.http().get(`${MODELS}/${slug}`).set(app.fullAccess);

    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      slug,
      name: 'Spam filter',
      labels: ['ham', 'spam'],
      scope: 'global',
    });
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({
      slug,
      description: 'emails',
      versions: [],
      production: null,
    });
  });

  it('when no slug is given, one is derived from the name', async () => {
    const name = unique('Partisan Discourse');

    const res = await createModel({ name, labels: ['blue', 'red'] });

    expect(res.status).toBe(201);
    expect(res.body.data.slug).toBe(name.toLowerCase().replace(/ /g, '-'));
  });

  it('when a slug is already taken, the second create is refused with 409', async () => {
    const slug = unique('taken');
    await createModel({ name: 'First', slug, labels: ['a', 'b'] });

    const res = await createModel({ name: 'Second', slug, labels: ['a', 'b'] });

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ data: null, error: { status: 409, name: 'ConflictError' } });
  });

  it('when two creates of one slug race, exactly one wins', async () => {
    const slug = unique('race');

    const results = await Promise.all(
      [1, 2, 3].map(() => createModel({ name: 'Racer', slug, labels: ['a', 'b'] }))
    );

    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it.each([
    ['an unknown key', { name: 'X', labels: ['a', 'b'], colour: 'red' }, 'data'],
    ['a missing name', { labels: ['a', 'b'] }, 'data.name'],
    ['a single label', { name: 'X', labels: ['a'] }, 'data.labels'],
    ['repeated labels', { name: 'X', labels: ['a', 'a'] }, 'data.labels'],
    ['a bad slug', { name: 'X', slug: 'Not A Slug', labels: ['a', 'b'] }, 'data.slug'],
    ['a wrong scope', { name: 'X', labels: ['a', 'b'], scope: 'planet' }, 'data.scope'],
    ['a non-string name', { name: 42, labels: ['a', 'b'] }, 'data.name'],
  ])(
    'when the body has %s, it is a 400 ValidationError naming the field',
    async (_, data, field) => {
      const res = await createModel(data);

      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('ValidationError');
      const paths = res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'));
      expect(paths.some((p: string) => p.startsWith(field))).toBe(true);
    }
  );

  it('when the body is not JSON, it is a 400 ValidationError', async () => {
    const res = await app
      .http()
      .post(MODELS)
      .set(app.fullAccess)
      .set('Content-Type', 'application/json')
      .send('{"data": ');

    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
  });

  it('when the slug is unknown, it is a 404 NotFoundError', async () => {
    const res = await app
      .http()
      .get(`${MODELS}/${unique('nobody')}`)
      .set(app.fullAccess);

    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ data: null, error: { status: 404, name: 'NotFoundError' } });
  });

  it('when no credentials are sent, the public role is refused with 403', async () => {
    const res = await app.http().get(MODELS);

    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('ForbiddenError');
  });

  it('when the token is not a real one, it is a 401', async () => {
    const res = await app.http().get(MODELS).set({ Authorization: 'Bearer not-a-token' });

    expect(res.status).toBe(401);
    expect(res.body.error.name).toBe('UnauthorizedError');
  });

  it('when a custom token may only read, it can list but not create', async () => {
    const token = await createApiToken(app.strapi, {
      type: 'custom',
      permissions: ['plugin::model-manager.models.find', 'plugin::model-manager.models.findOne'],
    });
    const headers = { Authorization: `Bearer ${token}` };

    const list = await app.http().get(MODELS).set(headers);
    const create = await createModel({ name: 'X', labels: ['a', 'b'] }, headers);

    expect(list.status).toBe(200);
    expect(create.status).toBe(403);
  });

  it('lists models with Strapi pagination in meta', async () => {
    await createModel({ name: unique('Listed'), labels: ['a', 'b'] });
    await createModel({ name: unique('Listed'), labels: ['a', 'b'] });

    const res = await app
      .http()
      .get(`${MODELS}?pagination[page]=1&pagination[pageSize]=1`)
      .set(app.fullAccess);

    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.meta.pagination).toMatchObject({ page: 1, pageSize: 1 });
    expect(res.body.meta.pagination.total).toBeGreaterThanOrEqual(2);
    expect(res.body.meta.pagination.pageCount).toBe(res.body.meta.pagination.total);
  });

  it('when pagination is out of range, it is a 400', async () => {
    const res = await app.http().get(`${MODELS}?pagination[pageSize]=1000`).set(app.fullAccess);

    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
  });
});
