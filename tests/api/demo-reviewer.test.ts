import os from 'os';
import path from 'path';
import { ACTIONS } from '../../src/plugins/model-manager/shared/constants';
import { DEMO_REVIEWER_LOGIN, seedDemo, startDemo } from '../../src/demo/seed';
import { eventually } from '../helpers/eventually';
import { startApp, type TestApp } from '../helpers/strapi';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freshDatabase } = require('../helpers/database');

const FIRST_ADMIN = {
  firstname: 'Nora',
  lastname: 'Newcomer',
  email: 'nora@example.test',
  password: 'Newcomer-pass-1',
};

/**
 * `npm run demo` on an empty database, then what the README tells a newcomer to do: open /admin and
 * create the first admin account. Seeding an admin before that closes Strapi's registration for good.
 */
describe('the demo on an empty database', () => {
  let app: TestApp;
  let database: { env: Record<string, string>; drop: () => Promise<void> };
  const tokenFile = path.join(os.tmpdir(), `mm-demo-token-${process.pid}.txt`);
  const reviewerLogin = () => app.http().post('/admin/login').send(DEMO_REVIEWER_LOGIN);

  beforeAll(async () => {
    database = await freshDatabase(`demo${process.env.JEST_WORKER_ID ?? '1'}`);
    app = await startApp({ database: database.env, tokenOwner: false }); // no admin may exist yet
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it('leaves the first admin to the newcomer, then adds the reviewer, who may read, review and deploy', async () => {
    const said: string[] = [];
    await startDemo(app.strapi, { tokenFile, say: (line) => said.push(line) });
    // what the newcomer reads once seeding is done: where to go, and that the first account is theirs
    const ready = said.findIndex((line) => line.startsWith('Partisan Discourse is ready'));
    expect(ready).toBeGreaterThan(0);
    expect(said.slice(ready).join('\n')).toMatch(
      /Admin: +http:\/\/\S+\/admin .*first account you create there is the Super Admin/
    );
    expect(said.slice(ready).join('\n')).toContain(`$(cat ${tokenFile})`);
    expect(
      await app.strapi.plugin('model-manager').service('models').get('partisan')
    ).toMatchObject({ production: expect.anything() });

    const init = await app.http().get('/admin/init');
    expect(init.body.data.hasAdmin).toBe(false);
    expect((await reviewerLogin()).status).toBe(400);

    const registered = await app.http().post('/admin/register-admin').send(FIRST_ADMIN);
    expect(registered.status).toBe(200);
    const owner = await app
      .http()
      .post('/admin/login')
      .send({ email: FIRST_ADMIN.email, password: FIRST_ADMIN.password });
    expect(owner.status).toBe(200);

    // Strapi announces the new admin after answering; the reviewer follows.
    const login = await eventually(async () => {
      const res = await reviewerLogin();
      return res.status === 200 ? res : null;
    });
    const headers = {
      Authorization: `Bearer ${login.body.data.token ?? login.body.data.accessToken}`,
    };
    const permissions = await app.http().get('/admin/users/me/permissions').set(headers);
    const actions = permissions.body.data.map((p: { action: string }) => p.action);
    expect(actions).toEqual(expect.arrayContaining([ACTIONS.read, ACTIONS.review, ACTIONS.deploy]));
    expect(actions).not.toContain(ACTIONS.train);
    // The seeding imports 5,663 debate rows and trains: a guard for a swamped CI machine, not a timing.
  }, 900_000);

  it('adds nothing on a second start, with the admin registered', async () => {
    await seedDemo(app.strapi, { tokenFile });
    expect(
      await app.strapi.db
        .query('admin::user')
        .count({ where: { email: DEMO_REVIEWER_LOGIN.email } })
    ).toBe(1);
    expect(await app.strapi.db.query('admin::user').count({})).toBe(2);
  });
});
