import type { Core } from '@strapi/strapi';

const config: Core.Config.Middlewares = [
  'strapi::logger',
  'strapi::errors',
  'global::malformed-json',
  'strapi::security',
  'strapi::cors',
  // Answers API-token predictions before routing; everything else passes through untouched.
  'plugin::model-manager.predict-fast-path',
  'strapi::poweredBy',
  'strapi::query',
  // Batch predictions of a few thousand texts exceed koa-body's 1 MB default.
  { name: 'strapi::body', config: { jsonLimit: '8mb', formLimit: '8mb', textLimit: '8mb' } },
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];

export default config;
