import { createReader } from '../helpers/readers';
import { startApp, unique, type TestApp } from '../helpers/strapi';

/** GET /api/partisan/me: the reader page's own route, about a person, for the Authenticated role only. */
describe('who the signed-in reader is, and which collective models count them as an expert', () => {
  let app: TestApp;
  const me = (headers: Record<string, string> = {}) =>
    app.http().get('/api/partisan/me').set(headers);

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  it('refuses a caller without credentials, an API token, and a reader whose role lacks the action', async () => {
    const anonymous = await me();
    expect(anonymous.status).toBe(403);
    const token = await me(app.fullAccess);
    expect(token.status).toBe(403);
    expect(token.body.error.name).toBe('ForbiddenError');
    const unprivileged = await createReader(app, ['plugin::model-manager.predictions.create']);
    expect((await me(unprivileged.headers)).status).toBe(403);
  });

  it('names the collective models the reader is a member of, with their base model, and no other', async () => {
    const expert = await createReader(app, ['api::partisan.partisan.me']);
    const other = await createReader(app, ['api::partisan.partisan.me']);
    const models = app.strapi.documents('plugin::model-manager.model');
    const base = await models.create({
      data: { name: unique('base'), slug: unique('base'), labels: ['blue', 'red'] } as never,
    });
    const group = await models.create({
      data: {
        name: unique('experts'),
        slug: unique('experts'),
        labels: ['blue', 'red'],
        scope: 'collective',
        members: [expert.id],
        baseModel: base.documentId,
      } as never,
    });
    // A global model listing the reader as a member is not a collective: it does not count.
    await models.create({
      data: {
        name: unique('global'),
        slug: unique('global'),
        labels: ['blue', 'red'],
        members: [expert.id],
      } as never,
    });

    const mine = await me(expert.headers);
    expect(mine.status).toBe(200);
    expect(mine.body.data).toMatchObject({ id: expert.id, email: expert.email });
    expect(mine.body.data.collectives).toEqual([
      { slug: group.slug, name: group.name, base: base.slug },
    ]);
    expect((await me(other.headers)).body.data.collectives).toEqual([]);
  });
});
