import type { Core } from '@strapi/strapi';

const config: Core.Config.Middlewares = [
  'strapi::logger',
  'strapi::errors',
  // While PostgreSQL is unreachable: a 503 at once, not a 500 after the pool's timeout.
  'plugin::model-manager.database-unavailable',
  // Answers API-token predictions before the rest of the chain (it applies the security headers
  // itself); every other request passes through untouched.
  'plugin::model-manager.predict-fast-path',
  'global::malformed-json',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  // Batch predictions of a few thousand texts exceed koa-body's 1 MB default.
  { name: 'strapi::body', config: { jsonLimit: '8mb', formLimit: '8mb', textLimit: '8mb' } },
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];

export default config;
