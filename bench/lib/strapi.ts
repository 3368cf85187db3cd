/**
 * The built Strapi app for benches, through the harness the tests and scripts use too
 * (harness/app-process.js), on a SQLite file of its own, and the REST steps a bench needs to set
 * itself up, through the tests' HTTP admin (tests/helpers/http-admin.ts): admins, an API token,
 * a model taken to production with four eyes, readers signed up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startApp, type StartAppOptions } from '../../harness/app-process';
import { eventually } from '../../tests/helpers/eventually';
import { adminApi, firstAdmins, type Admins, type HttpAdmin } from '../../tests/helpers/http-admin';
import { log } from './bench';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { staleReason } = require('../../scripts/build-if-stale');

export const API = '/api/model-manager';
export const predictPath = (slug: string) => `${API}/models/${slug}/predict`;

/** Throws without a build; says so when the sources differ from the build's (the figures are the build's). */
export function checkBuild() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'index.js')))
    throw new Error('No build in dist/: run `npx tsc -p tsconfig.json` first.');
  const reason: string | null = staleReason();
  if (reason) log(`WARNING: ${reason}; the figures are for the BUILT code.`);
}

const dbFiles: string[] = [];
process.on('exit', () => {
  for (const file of dbFiles)
    for (const suffix of ['', '-wal', '-shm', '-journal'])
      fs.rmSync(path.join(ROOT, file + suffix), { force: true });
});

/** A database file under .tmp/ (relative to the repository), deleted when the bench exits. */
export function freshDbFile(name: string): string {
  const file = path.join('.tmp', `bench-${name}-${process.pid}-${Date.now()}.db`);
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  dbFiles.push(file);
  return file;
}

export type StrapiServer = Awaited<ReturnType<typeof startStrapi>>;

/** `strapi start` on `dbFile`; the boot timeout only bounds a hang (a busy shared machine is slow). */
export async function startStrapi(options: StartAppOptions & { dbFile: string }) {
  const env = { NODE_ENV: 'development', DATABASE_FILENAME: options.dbFile, ...options.env };
  const app = await startApp({ timeoutMs: 900_000, ...options, env });
  return { ...app, dbFile: options.dbFile };
}

/**
 * Resolves once the demo's seed (MODEL_MANAGER_DEMO=true) has imported, trained, promoted and
 * scored its articles: the demo seeds after listening, and scoring the articles is its last step
 * before the readers.
 */
export async function demoSeeded(url: string) {
  const scored = `${url}/api/articles?pagination[pageSize]=1&filters[predictedLabel][$notNull]=true`;
  const seeded = async () => (await (await fetch(scored)).json()).data.length > 0;
  await eventually(() => seeded().catch(() => false), { timeoutMs: 600_000, intervalMs: 1000 });
}

/** Uploaded by the owner, submitted and approved by the reviewer (four eyes), promoted by the owner. */
export async function uploadReviewPromote(
  url: string,
  admins: Admins,
  slug: string,
  bytes: Uint8Array
) {
  const n = await adminApi.upload(url, admins.owner, slug, Buffer.from(bytes));
  await adminApi.review(url, admins.reviewer, slug, n);
  await adminApi.promote(url, admins.owner, slug, n);
  return n;
}

/** On a fresh database: the admins, then `slug` created and `bytes` serving in production. */
export async function deployed(url: string, slug: string, bytes: Uint8Array): Promise<Admins> {
  const admins = await firstAdmins(url);
  await adminApi.createModel(url, admins.owner, slug);
  await uploadReviewPromote(url, admins, slug, bytes);
  return admins;
}

/** GET /model-manager/runtime: sessions, batching, prewarm and the personal cache, as the admin sees them. */
export async function runtime(url: string, admin: HttpAdmin) {
  return (await adminApi.expectOk(url, 'GET', '/model-manager/runtime', { headers: admin.headers }))
    .data;
}

let readers = 0;
/** A reader signed up through users-permissions (the Authenticated role holds the reader actions). */
export async function signUpReader(url: string) {
  const username = `bench-reader-${process.pid}-${(readers += 1)}`;
  const { jwt, user } = await adminApi.expectOk(url, 'POST', '/api/auth/local/register', {
    body: { username, email: `${username}@example.test`, password: 'Reader-password-1' },
  });
  return { headers: { Authorization: `Bearer ${jwt}` }, id: user.id as number };
}

/** A reader's label of `text` (201); the answer's `meta.personal` says whether their model is active. */
export async function giveLabel(
  url: string,
  slug: string,
  reader: Record<string, string>,
  text: string,
  label: string
) {
  const path = `${API}/models/${slug}/feedback`;
  const body = { data: { text, label } };
  return (await adminApi.expectOk(url, 'POST', path, { headers: reader, body })).meta;
}
