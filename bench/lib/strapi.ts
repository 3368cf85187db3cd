/**
 * The built Strapi app for benches, through the harness the tests and scripts use too
 * (harness/app-process.js): a fresh SQLite file per run, optionally pinned to a CPU, plus the REST
 * calls a bench needs to set itself up (admins and an API token as tests/helpers/http-admin makes
 * them, models, uploads, review through the admin API, promotion).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startApp } from '../../harness/app-process';
import {
  createFullAccessToken,
  inviteSuperAdmin,
  login,
  registerFirstAdmin,
} from '../../tests/helpers/http-admin';
import { installExitHandlers, onCleanup, type SpawnedChild } from './procs';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { staleReason } = require('../../scripts/build-if-stale');

export const REPO_ROOT = ROOT;

/** Throws when there is no build; a warning when the sources differ from the build's (scripts/build-if-stale). */
export function checkBuild(): string | null {
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'src', 'index.js')))
    throw new Error('No build in dist/: run `node_modules/.bin/strapi build` first.');
  const reason: string | null = staleReason();
  return reason
    ? `WARNING: ${reason}; the figures are for the BUILT code. Rebuild with \`node_modules/.bin/strapi build\` to measure the current sources.`
    : null;
}

export interface StrapiServer {
  base: string;
  port: number;
  pid: number;
  pinned: boolean;
  dbFile: string;
  bootMs: number;
  proc: SpawnedChild;
  stop(): Promise<void>;
}

export function freshDbFile(name: string): string {
  const rel = path.join('.tmp', `bench-${name}-${process.pid}-${Date.now()}.db`);
  const abs = path.join(REPO_ROOT, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  onCleanup(() => removeDb(abs));
  return rel;
}

export function removeDb(absOrRel: string) {
  const abs = path.resolve(REPO_ROOT, absOrRel);
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(abs + suffix, { force: true });
}

/** Starts `strapi start` with the given database file (relative to the repo root). */
export async function startStrapi(options: {
  dbFile: string;
  cpu?: number;
  env?: Record<string, string>;
  nodeArgs?: string[];
  label?: string;
  timeoutMs?: number;
  onLine?: (line: string) => void;
  port?: number;
}): Promise<StrapiServer> {
  installExitHandlers();
  const app = await startApp({
    ...options,
    env: { NODE_ENV: 'development', DATABASE_FILENAME: options.dbFile, ...options.env },
  });
  return { ...app, base: app.url, dbFile: options.dbFile, stop: () => app.stop(15_000) };
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 500)}`);
  }
}

export async function call<T = any>(
  base: string,
  method: string,
  route: string,
  options: { bearer?: string; json?: unknown; form?: FormData; expect?: number[] } = {}
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  let body: string | FormData | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    body = options.form;
  }
  const res = await fetch(base + route, { method, headers, body });
  const text = await res.text();
  const expect = options.expect ?? [200, 201, 204];
  if (!expect.includes(res.status)) throw new HttpError(res.status, text, `${method} ${route}`);
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export interface Credentials {
  adminJwt: string;
  apiToken: string;
  /** The reviewing admin: log in again with adminLogin (a JWT expires; a restarted server needs one). */
  reviewerEmail?: string;
}

const bareToken = (headers: { Authorization: string }) => headers.Authorization.slice(7);

/**
 * On a fresh database: the first super admin, who creates the full-access API token, and a second
 * super admin who reviews (four-eyes is per person: the token's creator may not approve what it
 * uploads). `adminJwt` is the reviewer's.
 */
export async function bootstrapCredentials(base: string): Promise<Credentials> {
  const owner = await registerFirstAdmin(base);
  const apiToken = bareToken(await createFullAccessToken(base, owner));
  const reviewer = await inviteSuperAdmin(base, owner);
  return { adminJwt: bareToken(reviewer.headers), apiToken, reviewerEmail: reviewer.email };
}

export async function adminLogin(base: string, email: string): Promise<string> {
  return bareToken((await login(base, email)).headers);
}

export const API = '/api/model-manager';
export const predictPath = (slug: string) => `${API}/models/${slug}/predict`;
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** `extra`: further model fields, e.g. { evaluationDataset: 'holdout' }. */
export async function createModel(
  base: string,
  creds: Credentials,
  slug: string,
  name = slug,
  extra: Record<string, unknown> = {}
) {
  return call(base, 'POST', `${API}/models`, {
    bearer: creds.apiToken,
    json: { data: { name, slug, labels: ['blue', 'red'], ...extra } },
  });
}

/** On a fresh server: credentials, then `slug` created and `bytes` serving in production. */
export async function deployModel(
  base: string,
  slug: string,
  bytes: Uint8Array,
  name = slug
): Promise<Credentials> {
  const creds = await bootstrapCredentials(base);
  await createModel(base, creds, slug, name);
  await uploadApprovePromote(base, creds, slug, bytes);
  return creds;
}

/** Whether the built plugin config reads an environment variable (older builds lack some switches). */
export function builtConfigReads(envName: string): boolean {
  const file = path.join(REPO_ROOT, 'dist', 'config', 'plugins.js');
  return fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(envName);
}

/** Upload (API token), submit + approve (admin: four-eyes), promote (API token). Returns the version number. */
export async function uploadApprovePromote(
  base: string,
  creds: Credentials,
  slug: string,
  bytes: Uint8Array,
  timings?: { upload: number[]; review: number[]; promote: number[] }
): Promise<number> {
  const form = new FormData();
  form.append(
    'file',
    new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
    `${slug}.onnx`
  );
  const t = performance.now();
  const up = await call(base, 'POST', `${API}/models/${slug}/versions`, {
    bearer: creds.apiToken,
    form,
    expect: [201],
  });
  timings?.upload.push(performance.now() - t);
  const n: number = up.body.data.number;
  await reviewAndPromote(base, creds, slug, n, timings);
  return n;
}

/** Submit + approve (admin: four-eyes, the version came from the API token), then promote (API token). */
export async function reviewAndPromote(
  base: string,
  creds: Credentials,
  slug: string,
  n: number,
  timings?: { review: number[]; promote: number[] }
) {
  let t = performance.now();
  for (const step of ['submit', 'approve']) {
    await call(base, 'POST', `/model-manager/models/${slug}/versions/${n}/${step}`, {
      bearer: creds.adminJwt,
      json: { data: {} },
    });
  }
  timings?.review.push(performance.now() - t);
  t = performance.now();
  await call(base, 'POST', `${API}/models/${slug}/versions/${n}/promote`, {
    bearer: creds.apiToken,
    json: { data: {} },
  });
  timings?.promote.push(performance.now() - t);
}
