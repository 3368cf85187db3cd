import type { Core } from '@strapi/strapi';

// Strapi's default list, as `create-strapi-app` writes it: none of the plugin's optional
// middlewares (content-api-answers, database-unavailable, upload-cleanup) that the main app adds.
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
