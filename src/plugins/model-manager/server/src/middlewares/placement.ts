import type { Core } from '@strapi/strapi';

type MiddlewareEntry = string | { name?: string; resolve?: string; config?: unknown };

/**
 * Where the plugin's middlewares sit in the app's chain, placed by the plugin itself so an app that
 * installs it lists nothing: an outage becomes a 503 right inside strapi::errors, and uploads are
 * removed once the body parser wrote them. An app that lists one itself keeps its own placement.
 * (What the content API shows is the controllers' business: serializers/content-api.ts.)
 */
const PLACEMENTS: Array<{ name: string; before?: string; after?: string }> = [
  { name: 'plugin::model-manager.database-unavailable', after: 'strapi::errors' },
  { name: 'plugin::model-manager.upload-cleanup', after: 'strapi::body' },
];

const nameOf = (entry: MiddlewareEntry) =>
  typeof entry === 'string' ? entry : (entry.name ?? entry.resolve);

export function placeMiddlewares(strapi: Core.Strapi) {
  const configured = strapi.config.get('middlewares') as MiddlewareEntry[] | undefined;
  if (!Array.isArray(configured)) return; // Strapi's defaults: the plugin's middlewares are left out
  const chain = [...configured];
  for (const { name, before, after } of PLACEMENTS) {
    if (chain.some((entry) => nameOf(entry) === name)) continue;
    const anchor = chain.findIndex((entry) => nameOf(entry) === (before ?? after));
    if (anchor < 0) {
      strapi.log.warn(
        `[model-manager] ${before ?? after} is not in config/middlewares: ${name} left out`
      );
      continue;
    }
    chain.splice(before ? anchor : anchor + 1, 0, name);
  }
  strapi.config.set('middlewares', chain);
}
