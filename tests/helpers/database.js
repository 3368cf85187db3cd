// Which database the API suite runs on: SQLite files per jest worker by default, or PostgreSQL
// databases per worker when DATABASE_CLIENT=postgres (created fresh by the global setup).
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const MAX_WORKERS = 4;
const isPostgres = () => process.env.DATABASE_CLIENT === 'postgres';

function workerDatabase(workerId) {
  return isPostgres()
    ? { DATABASE_NAME: `mm_test_${workerId}` }
    : { DATABASE_FILENAME: `.tmp/test-${workerId}.db` };
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

async function resetDatabases() {
  const fs = require('fs');
  if (!isPostgres()) {
    for (let id = 1; id <= MAX_WORKERS; id += 1) {
      fs.rmSync(path.join(ROOT, workerDatabase(id).DATABASE_FILENAME), { force: true });
    }
    return;
  }
  const { Client } = require('pg');
  const client = new Client(pgAdminConfig());
  await client.connect();
  try {
    for (let id = 1; id <= MAX_WORKERS; id += 1) {
      const name = workerDatabase(id).DATABASE_NAME;
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${name}`);
    }
  } finally {
    await client.end();
  }
}

module.exports = { ROOT, MAX_WORKERS, isPostgres, workerDatabase, resetDatabases };
