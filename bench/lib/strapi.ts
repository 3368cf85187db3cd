/**
 * The built Strapi app as a child process for benches: a fresh SQLite file per run, pinned to a
 * CPU, plus the REST calls a bench needs to set itself up (first admin, full-access API token,
 * models, uploads, review through the admin API, promotion).
 */
import fs from 'node:fs';
import path from 'node:path';
import { freePort, onCleanup, spawnTracked, waitForHttp, type SpawnedChild } from './procs';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const STRAPI_BIN = path.join(REPO_ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
// The reader's page has its own build (scripts/build-reader.js): not part of the server's.
const READER_SOURCES = path.join(REPO_ROOT, 'src', 'reader');

function newestMtime(dir: string, skip: (p: string) => boolean): number {
  let newest = 0;
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (skip(p)) continue;
      if (entry.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return newest;
}

/** Throws when there is no build; warns when server sources are newer than the build. */
export function checkBuild(): string | null {
  const distEntry = path.join(REPO_ROOT, 'dist', 'src', 'index.js');
  if (!fs.existsSync(distEntry)) {
    throw new Error(
      'No build in dist/: run `node_modules/.bin/strapi build` first (about 35-60 s).'
    );
  }
  const built = newestMtime(path.join(REPO_ROOT, 'dist', 'src'), () => false);
  const sources = Math.max(
    newestMtime(
      path.join(REPO_ROOT, 'src'),
      (p) =>
        p.includes(`${path.sep}admin${path.sep}`) || p.endsWith('.test.ts') || p === READER_SOURCES
    ),
    newestMtime(path.join(REPO_ROOT, 'config'), () => false)
  );
  if (sources > built) {
    return `WARNING: server sources (src/, config/) changed after the last build (${new Date(built).toISOString()}); the figures are for the BUILT code. Rebuild with \`node_modules/.bin/strapi build\` to measure the current sources.`;
  }
  return null;
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

/** Starts `strapi start` on 127.0.0.1 with the given database file (relative to the repo root). */
export async function startStrapi(options: {
  dbFile: string;
  cpu?: number;
  env?: Record<string, string>;
  nodeArgs?: string[];
  label?: string;
  timeoutMs?: number;
  onLine?: (line: string) => void;
  /** Given a port, the process is spawned synchronously (before this function's first await). */
  port?: number;
}): Promise<StrapiServer> {
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_FILENAME: options.dbFile,
    STRAPI_LOG_LEVEL: 'error',
    NODE_ENV: 'development',
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_STARTUP_BANNER: 'false',
    BROWSER: 'none',
    ...options.env,
  };
  const label = options.label ?? 'strapi';
  const proc = spawnTracked(process.execPath, [...(options.nodeArgs ?? []), STRAPI_BIN, 'start'], {
    cpu: options.cpu,
    env,
    cwd: REPO_ROOT,
    label,
    onLine: options.onLine,
  });
  const base = `http://127.0.0.1:${port}`;
  const bootMs = await waitForHttp(`${base}/_health`, 204, proc, options.timeoutMs ?? 120_000);
  return {
    base,
    port,
    pid: proc.pid,
    pinned: proc.pinned,
    dbFile: options.dbFile,
    bootMs,
    proc,
    stop: () => proc.stop(15_000),
  };
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
}

const OWNER = {
  email: 'bench@example.com',
  password: 'BenchPassw0rd!1',
  firstname: 'Bench',
  lastname: 'Owner',
};
const REVIEWER = {
  email: 'bench-reviewer@example.com',
  password: 'BenchPassw0rd!1',
  firstname: 'Bench',
  lastname: 'Reviewer',
};

const jwtOf = (res: { body: any }): string => {
  const jwt: string | undefined = res.body?.data?.token ?? res.body?.data?.accessToken;
  if (!jwt) throw new Error(`no admin token in ${JSON.stringify(res.body).slice(0, 300)}`);
  return jwt;
};

/**
 * On a fresh database: the first super admin, who creates the full-access API token, and a second
 * super admin who reviews (four-eyes is per person: the token's creator may not approve what it
 * uploads). `adminJwt` is the reviewer's.
 */
export async function bootstrapCredentials(base: string): Promise<Credentials> {
  const owner = jwtOf(await call(base, 'POST', '/admin/register-admin', { json: OWNER }));
  const tok = await call(base, 'POST', '/admin/api-tokens', {
    bearer: owner,
    json: {
      name: `bench-${Date.now()}`,
      type: 'full-access',
      lifespan: null,
      description: 'benchmark',
    },
  });
  const apiToken: string | undefined = tok.body?.data?.accessKey;
  if (!apiToken)
    throw new Error(`api-tokens returned no accessKey: ${JSON.stringify(tok.body).slice(0, 300)}`);
  const roles = await call(base, 'GET', '/admin/roles', { bearer: owner });
  const superAdmin = roles.body.data.find(
    (role: { code: string }) => role.code === 'strapi-super-admin'
  );
  const { email, firstname, lastname, password } = REVIEWER;
  const invited = await call(base, 'POST', '/admin/users', {
    bearer: owner,
    json: { email, firstname, lastname, roles: [superAdmin.id] },
  });
  await call(base, 'POST', '/admin/register', {
    json: {
      registrationToken: invited.body.data.registrationToken,
      userInfo: { firstname, lastname, password },
    },
  });
  return { adminJwt: await adminLogin(base), apiToken };
}

/** The reviewer's JWT; it expires (30 min by default), and a restarted server on the same database needs a new login. */
export async function adminLogin(base: string): Promise<string> {
  return jwtOf(
    await call(base, 'POST', '/admin/login', {
      json: { email: REVIEWER.email, password: REVIEWER.password },
    })
  );
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
