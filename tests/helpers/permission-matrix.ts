import fs from 'fs';
import path from 'path';
import type { MatrixFixtures } from './matrix-fixtures';
import { PRINCIPAL_NOTES, PRINCIPALS, type Principal } from './principals';
import { unique, type TestApp } from './strapi';

/**
 * The permission matrix (issue 13): every route of the plugin × every kind of caller, each cell
 * the status API.md and Strapi's model promise. Who may succeed is the literal table below; a
 * caller without the right gets 401 where its credential is not one this API knows (an admin JWT
 * on the content API, a content token on the admin API, nobody on the admin API) and 403 where it
 * is known but lacks the permission. Every allowed cell is really called with a valid request and
 * must answer its success status. Shared by the main app's test (tests/api/permission-matrix.test.ts,
 * every row) and the second app's (tests/api/second-app.test.ts, the content-API rows).
 */
export type Door = 'content' | 'admin';
export interface MatrixRequest {
  params?: Record<string, string | number>;
  body?: object;
  query?: Record<string, string | number>;
  file?: Buffer;
}
export interface MatrixCase {
  door: Door;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  ok: number;
  allowed: readonly Principal[];
  /** the request of an allowed caller (a fresh target where the call changes state) */
  request?: (f: MatrixFixtures) => Promise<MatrixRequest> | MatrixRequest;
}

const READERS_OF_CONTENT = ['fullAccess', 'readOnly'] as const;
const ADMIN_READ = ['superAdmin', 'editor', 'reviewer', 'adminToken'] as const;
const ADMIN_UPLOAD = ['superAdmin', 'editor', 'adminToken'] as const;
const ADMIN_TRAIN_DEPLOY = ['superAdmin', 'adminToken'] as const;
const ADMIN_REVIEW = ['superAdmin', 'reviewer'] as const; // an admin session only: never a token
const ADMIN_CURATE = ['superAdmin', 'adminToken'] as const;
const ADMIN_READ_TEXTS = ['superAdmin', 'adminToken'] as const; // readers.read-texts: no role of the tests holds it

export const CASES: MatrixCase[] = [
  { door: 'content', method: 'GET', path: '/models', ok: 200, allowed: READERS_OF_CONTENT },
  {
    door: 'content',
    method: 'POST',
    path: '/models',
    ok: 201,
    allowed: ['fullAccess'],
    request: (f) => f.newModel(),
  },
  { door: 'content', method: 'GET', path: '/models/:slug', ok: 200, allowed: READERS_OF_CONTENT },
  {
    door: 'content',
    method: 'PUT',
    path: '/models/:slug',
    ok: 200,
    allowed: ['fullAccess'],
    request: () => ({ body: { data: { description: 'changed by the matrix' } } }),
  },
  {
    door: 'content',
    method: 'GET',
    path: '/models/:slug/versions',
    ok: 200,
    allowed: READERS_OF_CONTENT,
  },
  {
    door: 'content',
    method: 'POST',
    path: '/models/:slug/versions',
    ok: 201,
    allowed: ['fullAccess'],
    request: (f) => ({ file: f.fresh() }),
  },
  {
    door: 'content',
    method: 'GET',
    path: '/models/:slug/versions/:number',
    ok: 200,
    allowed: READERS_OF_CONTENT,
  },
  {
    door: 'content',
    method: 'POST',
    path: '/models/:slug/predict',
    ok: 200,
    allowed: ['reader', 'fullAccess', 'custom'],
    request: (f) => ({ body: f.text() }),
  },
  {
    door: 'content',
    method: 'POST',
    path: '/models/:slug/feedback',
    ok: 201,
    allowed: ['reader', 'fullAccess', 'custom'],
    request: (f) => ({ body: f.feedbackBody() }),
  },
  // A reader's own personal model and following: their JWT only; any token is a 403 (nobody else's to read).
  { door: 'content', method: 'GET', path: '/models/:slug/personal', ok: 200, allowed: ['reader'] },
  {
    door: 'content',
    method: 'DELETE',
    path: '/models/:slug/personal',
    ok: 200,
    allowed: ['reader'],
  },
  {
    door: 'content',
    method: 'PUT',
    path: '/models/:slug/following',
    ok: 200,
    allowed: ['reader'],
    request: (f) => ({ body: { data: { collective: f.collective } } }),
  },
  {
    door: 'content',
    method: 'POST',
    path: '/models/:slug/versions/:number/promote',
    ok: 200,
    allowed: ['fullAccess'],
    request: async (f) => ({ params: { number: await f.approved() } }),
  },
  {
    door: 'content',
    method: 'POST',
    path: '/models/:slug/rollback',
    ok: 200,
    allowed: ['fullAccess'],
    request: async (f) => ({ params: { slug: await f.withHistory() } }),
  },
  {
    door: 'content',
    method: 'POST',
    path: '/models/:slug/training-runs',
    ok: 202,
    allowed: ['fullAccess'],
  },
  {
    door: 'content',
    method: 'GET',
    path: '/training-runs/:id',
    ok: 200,
    allowed: READERS_OF_CONTENT,
  },

  { door: 'admin', method: 'GET', path: '/runtime', ok: 200, allowed: ADMIN_READ },
  { door: 'admin', method: 'GET', path: '/models', ok: 200, allowed: ADMIN_READ },
  {
    door: 'admin',
    method: 'POST',
    path: '/models',
    ok: 201,
    allowed: ADMIN_UPLOAD,
    request: (f) => f.newModel(),
  },
  { door: 'admin', method: 'GET', path: '/models/:slug', ok: 200, allowed: ADMIN_READ },
  {
    door: 'admin',
    method: 'PUT',
    path: '/models/:slug',
    ok: 200,
    allowed: ADMIN_TRAIN_DEPLOY,
    request: () => ({ body: { data: { description: 'changed by the matrix' } } }),
  },
  { door: 'admin', method: 'GET', path: '/models/:slug/audit', ok: 200, allowed: ADMIN_READ },
  { door: 'admin', method: 'GET', path: '/models/:slug/deployments', ok: 200, allowed: ADMIN_READ },
  {
    door: 'admin',
    method: 'GET',
    path: '/models/:slug/served-at',
    ok: 200,
    allowed: ADMIN_READ,
    request: () => ({ query: { at: new Date().toISOString() } }),
  },
  { door: 'admin', method: 'GET', path: '/models/:slug/versions', ok: 200, allowed: ADMIN_READ },
  {
    door: 'admin',
    method: 'POST',
    path: '/models/:slug/versions',
    ok: 201,
    allowed: ADMIN_UPLOAD,
    request: (f) => ({ file: f.fresh() }),
  },
  {
    door: 'admin',
    method: 'GET',
    path: '/models/:slug/versions/:number',
    ok: 200,
    allowed: ADMIN_READ,
  },
  {
    door: 'admin',
    method: 'POST',
    path: '/models/:slug/predict',
    ok: 200,
    allowed: ADMIN_READ,
    request: (f) => ({ body: f.text() }),
  },
  { door: 'admin', method: 'GET', path: '/models/:slug/feedback', ok: 200, allowed: ADMIN_READ },
  {
    door: 'admin',
    method: 'POST',
    path: '/models/:slug/feedback',
    ok: 201,
    allowed: ADMIN_READ,
    request: (f) => ({ body: f.feedbackBody() }),
  },
  {
    door: 'admin',
    method: 'POST',
    path: '/models/:slug/versions/:number/submit',
    ok: 200,
    allowed: ADMIN_REVIEW,
    request: async (f) => ({ params: { number: await f.upload() } }),
  },
  {
    door: 'admin',
    method: 'POST',
    path: '/models/:slug/versions/:number/approve',
    ok: 200,
    allowed: ADMIN_REVIEW,
    request: async (f) => ({ params: { number: await f.inReview() } }),
  },
  {
    door: 'admin',
    method: 'POST',
    path: '/models/:slug/versions/:number/reject',
    ok: 200,
    allowed: ADMIN_REVIEW,
    request: async (f) => ({
      params: { number: await f.inReview() },
      body: { data: { comment: 'no' } },
    }),
  },
  {
    door: 'admin',
    method: 'POST',
    path: '/models/:slug/versions/:number/promote',
    ok: 200,
    allowed: ADMIN_TRAIN_DEPLOY,
    request: async (f) => ({ params: { number: await f.approved() } }),
  },
  {
    door: 'admin',
    method: 'POST',
    path: '/models/:slug/versions/:number/challenge',
    ok: 200,
    allowed: ADMIN_TRAIN_DEPLOY,
    request: async (f) => ({
      params: { number: await f.approved() },
      body: { data: { trafficShare: 0.01 } },
    }),
  },
  {
    door: 'admin',
    method: 'POST',
    path: '/models/:slug/versions/:number/archive',
    ok: 200,
    allowed: ADMIN_TRAIN_DEPLOY,
    request: async (f) => ({ params: { number: await f.upload() } }),
  },
  {
    door: 'admin',
    method: 'POST',
    path: '/models/:slug/rollback',
    ok: 200,
    allowed: ADMIN_TRAIN_DEPLOY,
    request: async (f) => ({ params: { slug: await f.withHistory() } }),
  },
  {
    door: 'admin',
    method: 'GET',
    path: '/models/:slug/training-runs',
    ok: 200,
    allowed: ADMIN_READ,
  },
  {
    door: 'admin',
    method: 'POST',
    path: '/models/:slug/training-runs',
    ok: 202,
    allowed: ADMIN_TRAIN_DEPLOY,
  },
  { door: 'admin', method: 'GET', path: '/training-runs/:id', ok: 200, allowed: ADMIN_READ },
  {
    door: 'admin',
    method: 'GET',
    path: '/models/:slug/compare',
    ok: 200,
    allowed: ADMIN_READ,
    request: (f) => ({ query: { candidate: f.production } }),
  },
  { door: 'admin', method: 'GET', path: '/subjects', ok: 200, allowed: ADMIN_READ },
  {
    door: 'admin',
    method: 'GET',
    path: '/subjects/:type/:documentId/prediction',
    ok: 200,
    allowed: ADMIN_READ,
  },
  {
    door: 'admin',
    method: 'GET',
    path: '/models/:slug/versions/:number/details',
    ok: 200,
    allowed: ADMIN_READ,
  },
  {
    door: 'admin',
    method: 'GET',
    path: '/models/:slug/versions/:number/artifact',
    ok: 200,
    allowed: ADMIN_READ,
  },
  {
    door: 'admin',
    method: 'PUT',
    path: '/models/:slug/versions/:number/notes',
    ok: 200,
    allowed: ADMIN_UPLOAD,
    request: () => ({ body: { data: { notes: unique('notes') } } }),
  },
  {
    door: 'admin',
    method: 'GET',
    path: '/models/:slug/versions/:number/card',
    ok: 200,
    allowed: ADMIN_READ,
  },
  {
    door: 'admin',
    method: 'PUT',
    path: '/models/:slug/versions/:number/card',
    ok: 200,
    allowed: ADMIN_UPLOAD,
    request: () => ({ body: { data: { caveats: unique('caveat') } } }),
  },
  { door: 'admin', method: 'GET', path: '/models/:slug/monitoring', ok: 200, allowed: ADMIN_READ },
  {
    door: 'admin',
    method: 'PUT',
    path: '/models/:slug/monitoring',
    ok: 200,
    allowed: ADMIN_TRAIN_DEPLOY,
    request: () => ({ body: { data: { minServed: 10 } } }),
  },
  { door: 'admin', method: 'GET', path: '/models/:slug/retraining', ok: 200, allowed: ADMIN_READ },
  {
    door: 'admin',
    method: 'PUT',
    path: '/models/:slug/retraining',
    ok: 200,
    allowed: ADMIN_TRAIN_DEPLOY,
    // the policy stays off: the matrix must not queue runs
    request: () => ({ body: { data: { enabled: false, everyHours: 100 } } }),
  },
  {
    door: 'admin',
    method: 'POST',
    path: '/models/:slug/retraining/check',
    ok: 200,
    allowed: ADMIN_TRAIN_DEPLOY,
  },
  {
    door: 'admin',
    method: 'GET',
    path: '/models/:slug/versions/:number/promotion-check',
    ok: 200,
    allowed: ADMIN_READ,
    request: async (f) => ({ params: { number: await f.approved() } }),
  },
  { door: 'admin', method: 'GET', path: '/models/:slug/rollback', ok: 200, allowed: ADMIN_READ },
  {
    door: 'admin',
    method: 'GET',
    path: '/models/:slug/feedback/givers',
    ok: 200,
    allowed: ADMIN_READ,
  },
  {
    door: 'admin',
    method: 'GET',
    path: '/models/:slug/feedback/export',
    ok: 200,
    allowed: ADMIN_READ,
    request: () => ({ query: { format: 'jsonl' } }),
  },
  {
    door: 'admin',
    method: 'POST',
    path: '/models/:slug/feedback/import',
    ok: 200,
    allowed: ADMIN_CURATE,
    request: (f) => ({
      body: {
        data: {
          dataset: 'matrix-import',
          rows: [{ line: 1, text: f.text().text, label: f.vocabulary.labels[1] }],
        },
      },
    }),
  },
  {
    door: 'admin',
    method: 'PUT',
    path: '/models/:slug/feedback/:documentId',
    ok: 200,
    allowed: ADMIN_CURATE,
    request: async (f) => ({
      params: { documentId: await f.feedbackEntry() },
      body: { data: { label: f.vocabulary.labels[0] } },
    }),
  },
  {
    door: 'admin',
    method: 'DELETE',
    path: '/models/:slug/feedback/:documentId',
    ok: 200,
    allowed: ADMIN_CURATE,
    request: async (f) => ({ params: { documentId: await f.feedbackEntry() } }),
  },
  {
    door: 'admin',
    method: 'GET',
    path: '/models/:slug/training-data',
    ok: 200,
    allowed: ADMIN_READ,
  },
  {
    door: 'admin',
    method: 'GET',
    path: '/models/:slug/personal-models',
    ok: 200,
    allowed: ADMIN_READ,
  },
  {
    door: 'admin',
    method: 'GET',
    path: '/models/:slug/personal-models/texts',
    ok: 200,
    allowed: ADMIN_READ_TEXTS,
  },
  {
    door: 'admin',
    method: 'GET',
    path: '/models/:slug/role-defaults',
    ok: 200,
    allowed: ADMIN_READ,
  },
  {
    door: 'admin',
    method: 'PUT',
    path: '/models/:slug/role-defaults',
    ok: 200,
    allowed: ADMIN_TRAIN_DEPLOY,
    request: async (f) => ({
      body: { data: { role: await f.readerRole(), collective: f.collective } },
    }),
  },
  { door: 'admin', method: 'GET', path: '/models/:slug/outcomes', ok: 200, allowed: ADMIN_READ },
  {
    door: 'admin',
    method: 'POST',
    path: '/models/:slug/shadow',
    ok: 200,
    allowed: ADMIN_TRAIN_DEPLOY,
    request: (f) => ({ body: { data: { version: f.production } } }),
  },
  {
    door: 'admin',
    method: 'POST',
    path: '/collective-models',
    ok: 201,
    allowed: ADMIN_UPLOAD,
    request: async (f) => ({
      body: {
        data: { name: unique('matrix-experts'), baseModel: f.slug, members: await f.members() },
      },
    }),
  },
  {
    door: 'admin',
    method: 'GET',
    path: '/collective-models/:slug',
    ok: 200,
    allowed: ADMIN_READ,
    request: (f) => ({ params: { slug: f.collective } }),
  },
  { door: 'admin', method: 'GET', path: '/readers', ok: 200, allowed: ADMIN_READ },
];

export const key = (door: Door, method: string, routePath: string) =>
  `${door} ${method} ${routePath}`;
const CONTENT_CREDENTIALS: readonly Principal[] = [
  'public',
  'reader',
  'fullAccess',
  'readOnly',
  'custom',
];
const ADMIN_CREDENTIALS: readonly Principal[] = ['editor', 'reviewer', 'superAdmin', 'adminToken'];

/** The refusal a caller without the right gets: 401 for a credential this API does not know, 403 otherwise. */
export function refusal(door: Door, who: Principal): number {
  if (door === 'content') return CONTENT_CREDENTIALS.includes(who) ? 403 : 401;
  return ADMIN_CREDENTIALS.includes(who) ? 403 : 401;
}

/** The content API's rows: what any app that installs the plugin serves, whatever its own types. */
export const CONTENT_CASES = CASES.filter((c) => c.door === 'content');

export type Cells = Record<string, Record<Principal, number>>;

/**
 * Calls every cell of `cases` on `app`, targets from `fixtures` (set up), and returns the statuses
 * promised and those observed, one row per route and one column per principal.
 */
export async function runMatrix(
  app: TestApp,
  headers: Record<Principal, Record<string, string>>,
  fixtures: MatrixFixtures,
  cases: readonly MatrixCase[] = CASES
): Promise<{ expected: Cells; observed: Cells }> {
  const expected: Cells = {};
  const observed: Cells = {};
  for (const c of cases) {
    const row = key(c.door, c.method, c.path);
    expected[row] = {} as Record<Principal, number>;
    observed[row] = {} as Record<Principal, number>;
    for (const who of PRINCIPALS) {
      const allowed = c.allowed.includes(who);
      expected[row][who] = allowed ? c.ok : refusal(c.door, who);
      // A refused caller is refused before the target is looked at: the shared fixtures serve.
      const request = allowed && c.request ? await c.request(fixtures) : {};
      observed[row][who] = await call(app, fixtures, c, request, headers[who]);
    }
  }
  return { expected, observed };
}

async function call(
  app: TestApp,
  fixtures: MatrixFixtures,
  c: MatrixCase,
  request: MatrixRequest,
  auth: Record<string, string>
): Promise<number> {
  const params: Record<string, string | number> = {
    slug: fixtures.slug,
    number: fixtures.production,
    id: fixtures.runId,
    type: fixtures.subject.type,
    documentId: fixtures.subject.documentId,
    ...request.params,
  };
  const url =
    (c.door === 'content' ? '/api/model-manager' : '/model-manager') +
    c.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params[name])));
  const methods = { GET: 'get', POST: 'post', PUT: 'put', DELETE: 'delete' } as const;
  let req = app.http()[methods[c.method]](url);
  req = req.set(auth);
  if (request.query) req = req.query(request.query);
  const res = request.file
    ? await req.attach('file', request.file, 'model.onnx')
    : await (c.method === 'POST' || c.method === 'PUT'
        ? req.send(request.body ?? { data: {} })
        : req);
  if (res.status >= 400) expect(res.body.error?.status).toBe(res.status); // Strapi's error shape, whoever refused
  return res.status;
}

/** The observed matrix as a Markdown table, in test-output/. */
export function writeMatrix(observed: Cells, file = 'permission-matrix.md') {
  const header = `| route | ${PRINCIPALS.join(' | ')} |\n|---|${PRINCIPALS.map(() => '---').join('|')}|\n`;
  const rows = Object.entries(observed).map(
    ([route, cells]) => `| \`${route}\` | ${PRINCIPALS.map((p) => cells[p]).join(' | ')} |`
  );
  const legend = PRINCIPALS.map((p) => `- **${p}**: ${PRINCIPAL_NOTES[p]}`).join('\n');
  const dir = path.join(__dirname, '..', '..', 'test-output');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), `${header}${rows.join('\n')}\n\n${legend}\n`);
}
