import routes from '../../src/plugins/model-manager/server/src/routes';
import { createAdmin } from '../helpers/admin';
import { MatrixFixtures } from '../helpers/matrix-fixtures';
import { CASES, key, runMatrix, writeMatrix } from '../helpers/permission-matrix';
import { loginEveryPrincipal, type Principal } from '../helpers/principals';
import { startApp, type TestApp } from '../helpers/strapi';

/**
 * The permission matrix (tests/helpers/permission-matrix.ts) on the main app: every route of the
 * plugin × every kind of caller, each cell the status promised. The observed matrix is written to
 * test-output/permission-matrix.md.
 */
describe('the permission matrix: every route × every kind of caller', () => {
  let app: TestApp;
  let headers: Record<Principal, Record<string, string>>;
  let fixtures: MatrixFixtures;

  beforeAll(async () => {
    app = await startApp();
    headers = await loginEveryPrincipal(app);
    fixtures = new MatrixFixtures(app, await createAdmin(app));
    await fixtures.setUp();
    await fixtures.addArticle();
  }, 300_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('covers every declared route, and no route that is not declared', () => {
    const declared = [
      ...routes['content-api'].routes.map((r) => key('content', r.method, r.path)),
      ...routes.admin.routes.map((r) => key('admin', r.method, r.path)),
    ].sort();
    expect(CASES.map((c) => key(c.door, c.method, c.path)).sort()).toEqual(declared);
  });

  it('each cell answers the status promised', async () => {
    const { expected, observed } = await runMatrix(app, headers, fixtures);
    writeMatrix(observed);
    expect(observed).toEqual(expected);
  }, 600_000);
});
