import type { Core } from '@strapi/strapi';

// Strapi's default list, as `create-strapi-app` writes it, and nothing of the plugin's: it places its
// own middlewares (database-unavailable, upload-cleanup) when it registers.
const config: Core.Config.Middlewares = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];

export default config;
