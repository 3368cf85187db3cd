import http from 'http';
import net from 'net';
import type { Core } from '@strapi/strapi';

type Headers = Record<string, string | string[]>;

/** The static response headers of Strapi's own middlewares: helmet's security headers and X-Powered-By. */
const HEADER_MIDDLEWARES = ['strapi::security', 'strapi::poweredBy'];

/**
 * The headers those middlewares (with this app's configuration) put on an API response, computed
 * once by running them on a synthetic request. Helmet rebuilds its configuration on every request;
 * for a hot endpoint whose path never changes the headers, once is enough.
 */
export async function captureStaticHeaders(strapi: Core.Strapi, path: string): Promise<Headers> {
  const entries = (strapi.config.get('middlewares') ?? []) as Array<
    string | { name?: string; config?: object }
  >;
  const req = new http.IncomingMessage(new net.Socket());
  req.method = 'POST';
  req.url = path;
  const res = new http.ServerResponse(req);
  const ctx = strapi.server.app.createContext(req, res);
  for (const name of HEADER_MIDDLEWARES) {
    const entry = entries.find((m) => (typeof m === 'string' ? m : m.name) === name);
    if (!entry) continue; // not configured in this app: not on its responses either
    const handler = strapi.middleware(name)(typeof entry === 'string' ? {} : (entry.config ?? {}), {
      strapi,
    });
    if (handler) await handler(ctx, async () => {});
  }
  return Object.fromEntries(
    Object.entries(res.getHeaders()).map(([name, value]) => [
      name,
      Array.isArray(value) ? value : String(value),
    ])
  );
}
