'use strict';
// N Strapi instances of the built app on one PostgreSQL database, behind HAProxy on loopback.
// Used by `npm run cluster` and by the cluster tests; nothing here is special to either.
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const path = require('path');
const { Client } = require('pg');
const { ROOT, freePort, spawnChild, startApp, waitForHttp } = require('../../harness/app-process');
const { haproxyConfig } = require('./haproxy-config');
const SECRET_NAMES = [
  'APP_KEYS',
  'API_TOKEN_SALT',
  'ADMIN_JWT_SECRET',
  'TRANSFER_TOKEN_SALT',
  'JWT_SECRET',
  'ENCRYPTION_KEY',
];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function pgSettings(env) {
  return {
    host: env.DATABASE_HOST || '127.0.0.1',
    port: Number(env.DATABASE_PORT || 5432),
    user: env.DATABASE_USERNAME || 'postgres',
    password: env.DATABASE_PASSWORD || undefined,
  };
}

async function ensureDatabase(name, env, { fresh }) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`Database name "${name}" must be a plain identifier`);
  const client = new Client({ ...pgSettings(env), database: 'postgres' });
  await client.connect();
  try {
    if (fresh) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

async function dropDatabase(name, env = process.env) {
  const client = new Client({ ...pgSettings(env), database: 'postgres' });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Every instance must share the same secrets (tokens and sessions work through any of them). */
function clusterSecrets(dir) {
  const file = path.join(dir, 'secrets.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const secrets = Object.fromEntries(
    SECRET_NAMES.map((name) => [
      name,
      name === 'APP_KEYS'
        ? [1, 2].map(() => crypto.randomBytes(16).toString('base64')).join(',')
        : crypto.randomBytes(24).toString('base64'),
    ])
  );
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

function findHaproxy() {
  const found = spawnSync('sh', ['-c', 'command -v haproxy'], { encoding: 'utf8' });
  if (found.status === 0) return found.stdout.trim();
  if (process.getuid?.() === 0) {
    console.log('[cluster] installing haproxy from Debian packages...');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', 'haproxy'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (install.status === 0) return findHaproxy();
  }
  throw new Error(
    'HAProxy is not installed: `sudo apt-get install haproxy` (Debian package), then try again.'
  );
}

/** One `strapi start` process (the shared harness); `stop` and `start` let tests crash and revive it. */
function createInstance({ name, port, env, logDir }) {
  let app = null;
  const instance = {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    get pid() {
      return app?.pid ?? null;
    },
    get running() {
      return !!app && app.proc.running();
    },
    async start({ timeoutMs = 120_000 } = {}) {
      app = await startApp({ env, port, timeoutMs, logFile: path.join(logDir, `${name}.log`) });
    },
    /** SIGKILL (a crash) or SIGTERM (a graceful stop); resolves when the process is gone. */
    async stop(signal = 'SIGTERM') {
      await app?.stop(30_000, signal);
    },
  };
  return instance;
}

/** HAProxy's runtime API over its admin socket: one command, its answer. */
function haproxyCommand(socketPath, command) {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = net.connect(socketPath, () => socket.end(`${command}\n`));
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('end', () => resolve(answer.trim()));
    socket.on('error', reject);
  });
}

/**
 * Starts the cluster and resolves once every instance and the balancer answer. Options:
 * instances (3), port (balancer; a free one when 0), database, fresh (drop it first), env.
 */
async function startCluster(options = {}) {
  const count = options.instances ?? 3;
  const database = options.database ?? 'model_manager_cluster';
  const dir = path.join(ROOT, '.tmp', `cluster-${database}`);
  fs.mkdirSync(dir, { recursive: true });
  const baseEnv = { ...process.env, ...(options.env ?? {}) };
  await ensureDatabase(database, baseEnv, { fresh: !!options.fresh });
  const env = {
    ...baseEnv,
    ...clusterSecrets(dir),
    DATABASE_CLIENT: 'postgres',
    DATABASE_NAME: database,
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_STARTUP_BANNER: 'false',
    STRAPI_LOG_LEVEL: baseEnv.STRAPI_LOG_LEVEL || 'info', // not a line per health check
  };
  const ports = [];
  for (let i = 0; i < count; i += 1) ports.push(await freePort());
  const instances = ports.map((port, i) =>
    createInstance({ name: `strapi-${i + 1}`, port, env, logDir: dir })
  );

  // The first boot runs migrations alone; the others then start together.
  await instances[0].start();
  await Promise.all(instances.slice(1).map((instance) => instance.start()));

  const port = options.port || (await freePort());
  const socketPath = path.join(dir, 'haproxy.sock');
  const configPath = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(
    configPath,
    haproxyConfig({
      port,
      socketPath,
      servers: instances.map(({ name, port: p }) => ({ name, port: p })),
    })
  );
  const haproxy = spawnChild(findHaproxy(), ['-db', '-f', configPath], { label: 'haproxy' });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/_health`, 204, haproxy, 30_000);

  const runtime = (command) => haproxyCommand(socketPath, command);
  return {
    url,
    database,
    instances,
    logDir: dir,
    /** Takes an instance out of rotation and waits until it holds no request. */
    async drain(instance) {
      await runtime(`set server strapi/${instance.name} state maint`);
      for (;;) {
        // `show stat` is CSV: pxname, svname, qcur, qmax, scur (requests the server holds now), ...
        const stat = await runtime('show stat');
        const row = stat
          .split('\n')
          .map((l) => l.split(','))
          .find((cells) => cells[0] === 'strapi' && cells[1] === instance.name);
        if (!row || Number(row[4]) === 0) return;
        await sleep(50);
      }
    },
    async ready(instance) {
      await runtime(`set server strapi/${instance.name} state ready`);
    },
    /** Whether HAProxy currently counts the instance as up (its health check). */
    async isUp(instance) {
      const state = await runtime(`show servers state strapi`);
      const line = state.split('\n').find((l) => l.split(/\s+/)[3] === instance.name);
      return !!line && line.split(/\s+/)[5] === '2'; // srv_op_state 2 = running
    },
    async stop() {
      await Promise.all(instances.map((instance) => instance.stop('SIGTERM')));
      await haproxy.stop();
    },
  };
}

module.exports = { startCluster, dropDatabase };
