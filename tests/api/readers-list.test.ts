import { ACTIONS } from '../../src/plugins/model-manager/shared/constants';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { registerReader } from '../helpers/readers';
import { startApp, unique, type TestApp } from '../helpers/strapi';

/** Admin `GET /model-manager/readers?search=`: readers to pick as a collective model's members. */
describe('the readers list (admin)', () => {
  let app: TestApp;
  let editor: AdminSession;
  let prefix: string;
  const list = (query: Record<string, string | number>, headers: Record<string, string>) =>
    app.http().get('/model-manager/readers').query(query).set(headers);

  beforeAll(async () => {
    app = await startApp();
    editor = await createAdmin(app, [ACTIONS.read]);
    prefix = unique('pick');
    for (const n of [1, 2, 3])
      await app
        .http()
        .post('/api/auth/local/register')
        .send({
          username: `${prefix}-${n}`,
          email: `${prefix}-${n}@example.test`,
          password: 'Reader-password-1',
        });
  }, 300_000);
  afterAll(async () => {
    await app.stop();
  });

  it('answers id and username only, filtered by search, by username, paginated', async () => {
    const res = await list({ search: prefix.toUpperCase(), pageSize: 2 }, editor.headers);
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination).toEqual({ page: 1, pageSize: 2, pageCount: 2, total: 3 });
    expect(res.body.data.map((r: { username: string }) => r.username)).toEqual([
      `${prefix}-1`,
      `${prefix}-2`,
    ]);
    for (const row of res.body.data) expect(Object.keys(row).sort()).toEqual(['id', 'username']); // no email, role or password
    const second = await list({ search: prefix, pageSize: 2, page: 2 }, editor.headers);
    expect(second.body.data.map((r: { username: string }) => r.username)).toEqual([`${prefix}-3`]);
    const ids = await app.strapi.db.query('plugin::users-permissions.user').findMany({
      where: { username: { $startsWith: prefix } },
      select: ['id'],
      orderBy: { username: 'asc' },
    });
    expect([...res.body.data, ...second.body.data].map((r: { id: number }) => r.id)).toEqual(
      ids.map((u: { id: number }) => u.id)
    );
  });

  it('refuses bad queries, a role without Read, and readers themselves', async () => {
    expect((await list({ pageSize: 1000 }, editor.headers)).status).toBe(400);
    expect((await list({ role: 'admin' }, editor.headers)).status).toBe(400);
    expect((await list({ search: 'x'.repeat(101) }, editor.headers)).status).toBe(400);
    const noRead = await createAdmin(app, [ACTIONS.upload]);
    expect((await list({}, noRead.headers)).status).toBe(403);
    const reader = await registerReader(app);
    expect((await list({}, reader.headers)).status).toBe(401);
    expect((await app.http().get('/model-manager/readers')).status).toBe(401);
  });
});
