import path from 'path';
import { createStrapi, type Core } from '@strapi/strapi';
import request from 'supertest';
import { createAdmin } from './admin';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ROOT, workerDatabase } = require('./database');

export interface TestApp {
  strapi: Core.Strapi;
  /** supertest bound to the booted server */
  http: () => ReturnType<typeof request>;
  /** Authorization header of a fresh full-access API token */
  fullAccess: { Authorization: string };
  stop: () => Promise<void>;
}

/**
 * Boots the compiled app on this worker's database, as `strapi start` would, without the admin panel.
 * `database` names another one (tests/helpers/database.js `freshDatabase`) for a test that needs it empty.
 * `appDir` boots another app than the main one (e.g. tests/apps/comments), compiled to `<appDir>/dist`.
 */
export async function startApp(
  options: {
    database?: Record<string, string>;
    appDir?: string;
    /** false: no admin exists (a test of the empty database), and `fullAccess` has no recorded creator */
    tokenOwner?: boolean;
    /** environment read while it boots (config/plugins.ts), then removed: the worker's next files boot without it */
    env?: Record<string, string>;
  } = {}
): Promise<TestApp> {
  const appDir = options.appDir ?? ROOT;
  Object.assign(process.env, options.env);
  Object.assign(
    process.env,
    options.database ?? workerDatabase(process.env.JEST_WORKER_ID ?? '1'),
    {
      NODE_ENV: 'test',
      STRAPI_TELEMETRY_DISABLED: 'true',
      STRAPI_LOG_LEVEL: process.env.STRAPI_LOG_LEVEL ?? 'warn',
      STRAPI_STARTUP_BANNER: 'false',
    }
  );
  const strapi = await createStrapi({
    appDir,
    distDir: path.join(appDir, 'dist'),
    autoReload: false,
    serveAdminPanel: false,
  }).load();
  for (const name of Object.keys(options.env ?? {})) delete process.env[name];
  await strapi.server.mount();
  const http = () => request(strapi.server.httpServer);
  return {
    strapi,
    http,
    fullAccess:
      options.tokenOwner === false
        ? { Authorization: `Bearer ${await createApiToken(strapi, { type: 'full-access' })}` }
        : await ownedFullAccessToken({ strapi, http }),
    stop: async () => {
      await strapi.destroy();
    },
  };
}

/**
 * The full-access token tests upload with, made as an admin makes one in the admin panel (through
 * the admin API), so the plugin records its creator, a Super Admin of its own: four-eyes then
 * compares that person with the reviewer. A token with no recorded creator needs two reviewers.
 */
async function ownedFullAccessToken(app: Pick<TestApp, 'strapi' | 'http'>) {
  const owner = await createAdmin(app as TestApp);
  const res = await app
    .http()
    .post('/admin/api-tokens')
    .set(owner.headers)
    .send({ name: unique('owned-token'), type: 'full-access', lifespan: null, description: '' });
  if (res.status !== 201)
    throw new Error(`token create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { Authorization: `Bearer ${res.body.data.accessKey as string}` };
}

let tokenCounter = 0;

/** A new API token; `custom` tokens get exactly the listed content-API actions. */
export async function createApiToken(
  strapi: Core.Strapi,
  options: { type: 'full-access' | 'read-only' | 'custom'; permissions?: string[] }
): Promise<string> {
  tokenCounter += 1;
  const token = await strapi.service('admin::api-token').create({
    name: `test-${options.type}-${process.pid}-${Date.now()}-${tokenCounter}`,
    type: options.type,
    permissions: options.permissions,
    lifespan: null,
  } as never);
  return (token as { accessKey: string }).accessKey;
}

/** A unique suffix so each test creates its own records instead of wiping the database. */
export function unique(prefix: string): string {
  tokenCounter += 1;
  return `${prefix}-${Date.now().toString(36)}-${tokenCounter}`;
}
