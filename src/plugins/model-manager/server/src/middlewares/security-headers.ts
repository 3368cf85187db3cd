import http from 'http';
import net from 'net';
import type { Core } from '@strapi/strapi';

type Headers = Record<string, string | string[]>;

/**
 * The headers `strapi::security` (helmet, with this app's configuration) puts on an API response,
 * computed once by running it on a synthetic request. Helmet rebuilds its configuration on every
 * request; for a hot endpoint whose path never changes those headers, once is enough.
 */
export async function captureSecurityHeaders(strapi: Core.Strapi, path: string): Promise<Headers> {
  const entries = (strapi.config.get('middlewares') ?? []) as Array<string | { name?: string; config?: object }>;
  const entry = entries.find((m) => (typeof m === 'string' ? m : m.name) === 'strapi::security');
  if (!entry) return {};
  const config = typeof entry === 'string' ? {} : entry.config ?? {};
  const factory = strapi.middleware('strapi::security') as unknown as (c: object, o: { strapi: Core.Strapi }) => (ctx: unknown, next: () => Promise<void>) => Promise<void>;
  const req = new http.IncomingMessage(new net.Socket());
  req.method = 'POST';
  req.url = path;
  const res = new http.ServerResponse(req);
  const ctx = strapi.server.app.createContext(req, res);
  await factory(config, { strapi })(ctx, async () => {});
  return Object.fromEntries(
    Object.entries(res.getHeaders()).map(([name, value]) => [name, Array.isArray(value) ? value : String(value)])
  );
}
