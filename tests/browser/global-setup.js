// Browser suite, once per run: make sure the admin bundle and the compiled server are current, boot the
// real app (`strapi start`) on a free port with a database of its own, and register the first admin.
// The test files read where it runs from the environment (set here, inherited by the jest workers).
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { ROOT, STRAPI_BIN, startApp } = require('../../harness/app-process');
const { buildReaderIfStale } = require('../../scripts/build-reader');
const { markBuilt, sourcesHash } = require('../../scripts/build-if-stale');

const ADMIN_SOURCES = [
  'src/plugins/model-manager/admin/src',
  'src/plugins/model-manager/shared',
  'src/admin',
];
const SERVER_SOURCES = ['src', 'config', 'database'];
const BOOT_TIMEOUT_MS = 180_000;
const FIRST_ADMIN = {
  email: 'ada@browser.test',
  password: 'Browser-pass-1',
  firstname: 'Ada',
  lastname: 'Lovelace',
};

function newestMtime(relative, filter = () => true) {
  const root = path.join(ROOT, relative);
  if (!fs.existsSync(root)) return 0;
  let newest = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(full);
      } else if (filter(full)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  walk(root);
  return newest;
}

const mtime = (relative) =>
  fs.existsSync(path.join(ROOT, relative)) ? fs.statSync(path.join(ROOT, relative)).mtimeMs : 0;

function run(args, label) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [STRAPI_BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' },
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`${label} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  console.log(`[browser] ${label} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** `strapi build` (server and admin) when the admin bundle is missing or older than its sources; else tsc when the server is stale. */
async function ensureBuilt() {
  buildReaderIfStale(); // the reader's page (/partisan/), its own esbuild step, a second at most
  const bundle = mtime('dist/build/index.html');
  if (
    !bundle ||
    newestMtime(ADMIN_SOURCES[0]) > bundle ||
    ADMIN_SOURCES.slice(1).some((dir) => newestMtime(dir) > bundle)
  ) {
    const hash = sourcesHash(); // before the build, as npm run demo does
    run(['build'], 'strapi build (admin bundle was missing or stale)');
    markBuilt(hash); // so the next npm run demo knows this build is current
    return;
  }
  const server = mtime('dist/src/plugins/model-manager/server/src/index.js');
  const isServerSource = (file) =>
    /\.(ts|js|json)$/.test(file) &&
    !file.endsWith('.test.ts') &&
    !file.includes(`${path.sep}admin${path.sep}`) &&
    !file.includes(`${path.sep}src${path.sep}reader${path.sep}`);
  if (!server || SERVER_SOURCES.some((dir) => newestMtime(dir, isServerSource) > server)) {
    const { compileStrapi } = require('@strapi/strapi');
    await compileStrapi({ appDir: ROOT, ignoreDiagnostics: false });
    console.log('[browser] server compiled (sources were newer than dist/)');
  }
}

/** SQLite: a fresh file per run; PostgreSQL (DATABASE_CLIENT=postgres): the database mm_browser, dropped and created. */
async function freshDatabase() {
  if (process.env.DATABASE_CLIENT === 'postgres') {
    const { Client } = require('pg');
    const client = new Client({
      host: process.env.DATABASE_HOST || '127.0.0.1',
      port: Number(process.env.DATABASE_PORT || 5432),
      user: process.env.DATABASE_USERNAME || 'postgres',
      password: process.env.DATABASE_PASSWORD || undefined,
      database: 'postgres',
    });
    await client.connect();
    try {
      await client.query('DROP DATABASE IF EXISTS mm_browser WITH (FORCE)');
      await client.query('CREATE DATABASE mm_browser');
    } finally {
      await client.end();
    }
    return { env: { DATABASE_NAME: 'mm_browser' }, file: null };
  }
  const file = `.tmp/browser-${process.pid}.db`;
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  fs.rmSync(path.join(ROOT, file), { force: true });
  return { env: { DATABASE_FILENAME: file }, file };
}

module.exports = async () => {
  process.chdir(ROOT);
  await ensureBuilt();
  const db = await freshDatabase();
  const app = await startApp({
    timeoutMs: BOOT_TIMEOUT_MS,
    env: {
      ...db.env,
      NODE_ENV: 'development',
      STRAPI_LOG_LEVEL: 'warn',
      MODEL_MANAGER_DEMO: 'false',
      ADMIN_RATE_LIMIT_ENABLED: 'false', // the suite logs in more than 5 times in 5 minutes
      PARTISAN_READER_ACCESS: 'true', // the reader's page: Public reads articles and predicts (src/demo/reader-access.ts)
    },
  });
  globalThis.__MM_BROWSER__ = { app, file: db.file };
  const { url } = app;
  const res = await fetch(`${url}/admin/register-admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(FIRST_ADMIN),
  });
  if (res.status !== 200)
    throw new Error(`registering the first admin failed: ${res.status} ${await res.text()}`);

  process.env.MM_BROWSER_URL = url;
  process.env.MM_BROWSER_ADMIN = JSON.stringify({
    email: FIRST_ADMIN.email,
    password: FIRST_ADMIN.password,
  });
  console.log(`\n[browser] app up at ${url} (${db.file ?? 'postgres mm_browser'})`);
};
