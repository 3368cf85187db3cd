import path from 'path';
import { createStrapi, type Core } from '@strapi/strapi';

const ROOT = path.resolve(__dirname, '..', '..');

/** Loads the compiled app (no HTTP server) for a command-line task, and always closes it. */
export async function withStrapi<T>(task: (strapi: Core.Strapi) => Promise<T>): Promise<T> {
  process.env.STRAPI_LOG_LEVEL ??= 'warn';
  process.env.STRAPI_STARTUP_BANNER ??= 'false';
  const strapi = await createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist'), autoReload: false, serveAdminPanel: false }).load();
  try {
    return await task(strapi);
  } finally {
    await strapi.destroy();
  }
}
