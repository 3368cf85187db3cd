import path from 'path';
import { createStrapi, type Core } from '@strapi/strapi';

const ROOT = path.resolve(__dirname, '..', '..');

/** Loads the compiled app (no HTTP server) for a command-line task, and always closes it. */
export async function withStrapi<T>(task: (strapi: Core.Strapi) => Promise<T>): Promise<T> {
  process.env.STRAPI_LOG_LEVEL ??= 'warn';
  process.env.STRAPI_STARTUP_BANNER ??= 'false';
  // A task, not a server: no routing poll, and no claiming of training runs it would not finish.
  process.env.MODEL_MANAGER_BACKGROUND_JOBS = 'false';
  const strapi = await createStrapi({
    appDir: ROOT,
    distDir: path.join(ROOT, 'dist'),
    autoReload: false,
    serveAdminPanel: false,
  }).load();
  try {
    return await task(strapi);
  } finally {
    await queuedQueriesDone(strapi);
    await strapi.destroy();
  }
}

/**
 * Strapi's own listeners react to each write asynchronously (e.g. after every entry created); a
 * bulk task leaves their queries queued behind its transaction. Closing the pool before they ran
 * would abort them, so wait (bounded) until the pool is idle.
 */
async function queuedQueriesDone(strapi: Core.Strapi, timeoutMs = 30_000) {
  const pool = (
    strapi.db.connection.client as { pool?: { numUsed(): number; numPendingAcquires(): number } }
  ).pool;
  const deadline = Date.now() + timeoutMs;
  let idleChecks = 0;
  while (pool && Date.now() < deadline && idleChecks < 3) {
    idleChecks = pool.numUsed() === 0 && pool.numPendingAcquires() === 0 ? idleChecks + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
