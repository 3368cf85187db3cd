// Which database the API suite runs on: SQLite files per jest worker by default, or PostgreSQL
// databases per worker when DATABASE_CLIENT=postgres. Names carry a run id, so two suites running
// at once on one machine never share (or delete) each other's databases.
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const MAX_WORKERS = 4;
const isPostgres = () => process.env.DATABASE_CLIENT === 'postgres';
const runId = () => process.env.MM_TEST_RUN || 'dev';

function workerDatabase(workerId) {
  return isPostgres()
    ? { DATABASE_NAME: `mm_test_${runId()}_${workerId}` }
    : { DATABASE_FILENAME: `.tmp/test-${runId()}-${workerId}.db` };
}

function pgAdminConfig() {
  return {
    host: process.env.DATABASE_HOST || '127.0.0.1',
    port: Number(process.env.DATABASE_PORT || 5432),
    user: process.env.DATABASE_USERNAME || 'postgres',
    password: process.env.DATABASE_PASSWORD || undefined,
    database: 'postgres',
  };
}

async function forEachPostgresDatabase(action) {
  const { Client } = require('pg');
  const client = new Client(pgAdminConfig());
  await client.connect();
  try {
    for (let id = 1; id <= MAX_WORKERS; id += 1)
      await action(client, workerDatabase(id).DATABASE_NAME);
  } finally {
    await client.end();
  }
}

async function createDatabases() {
  if (!isPostgres()) return fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  await forEachPostgresDatabase(async (client, name) => {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  });
}

async function dropDatabases() {
  if (!isPostgres()) {
    for (let id = 1; id <= MAX_WORKERS; id += 1) {
      const file = path.join(ROOT, workerDatabase(id).DATABASE_FILENAME);
      for (const suffix of ['', '-wal', '-shm', '-journal'])
        fs.rmSync(file + suffix, { force: true });
    }
    return;
  }
  await forEachPostgresDatabase((client, name) =>
    client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  );
}

/**
 * An empty database of its own, for a test that must start where a user starts (no admin, no data):
 * the worker's database is shared by the test files a worker runs. `drop` removes it again.
 */
async function freshDatabase(label) {
  const name = `mm_test_${runId()}_${label}`;
  if (!isPostgres()) {
    const filename = `.tmp/test-${runId()}-${label}.db`;
    const remove = () => {
      for (const suffix of ['', '-wal', '-shm', '-journal'])
        fs.rmSync(path.join(ROOT, filename + suffix), { force: true });
    };
    remove();
    return { env: { DATABASE_FILENAME: filename }, drop: async () => remove() };
  }
  const { Client } = require('pg');
  const admin = async (sql) => {
    const client = new Client(pgAdminConfig());
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  return {
    env: { DATABASE_NAME: name },
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

module.exports = {
  ROOT,
  MAX_WORKERS,
  isPostgres,
  workerDatabase,
  createDatabases,
  dropDatabases,
  freshDatabase,
};
