import { ACTIONS } from '../../src/plugins/model-manager/shared/constants';
import { DEMO_REVIEWER_LOGIN, ensureReviewer } from '../../src/demo/seed';
import { startApp, type TestApp } from '../helpers/strapi';

/** `npm run demo` seeds a second admin, so what the first admin trains can be approved (four-eyes). */
describe('the demo reviewer', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  it('logs in with the README credentials and may read, review and deploy, once however often the demo starts', async () => {
    await ensureReviewer(app.strapi);
    await ensureReviewer(app.strapi);

    const login = await app.http().post('/admin/login').send(DEMO_REVIEWER_LOGIN);
    expect(login.status).toBe(200);
    const headers = { Authorization: `Bearer ${login.body.data.token ?? login.body.data.accessToken}` };
    const permissions = await app.http().get('/admin/users/me/permissions').set(headers);
    const actions = permissions.body.data.map((p: { action: string }) => p.action);
    expect(actions).toEqual(expect.arrayContaining([ACTIONS.read, ACTIONS.review, ACTIONS.deploy]));
    expect(await app.strapi.db.query('admin::user').count({ where: { email: DEMO_REVIEWER_LOGIN.email } })).toBe(1);
  });
});
