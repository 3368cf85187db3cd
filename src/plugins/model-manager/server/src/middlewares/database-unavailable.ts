import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { getService } from '../utils/get-service';

/** The answer while the database is unreachable (the predict fast path gives it too). */
export const UNAVAILABLE = {
  status: 503,
  headers: { 'Retry-After': '1' },
  body: {
    data: null,
    error: {
      status: 503,
      name: 'ServiceUnavailableError',
      message: 'The database cannot be reached at the moment; try again shortly.',
      details: {},
    },
  },
};

function answerUnavailable(ctx: Context) {
  ctx.status = UNAVAILABLE.status;
  ctx.set(UNAVAILABLE.headers);
  ctx.body = UNAVAILABLE.body;
}

/**
 * Right after `strapi::errors`: while the database is unreachable, every request but the health
 * check is answered 503 at once (instead of waiting a minute for a pooled connection and then
 * failing with a 500), and an error that turns out to be an outage becomes a 503 too. The health
 * check stays up: every instance shares the database, so taking them all out of a balancer would
 * only turn 503s into connection errors.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const health = () => getService(strapi, 'database-health');
  return async (ctx: Context, next: Next) => {
    if (ctx.path !== '/_health' && health().isDown()) return answerUnavailable(ctx);
    try {
      await next();
    } catch (error) {
      if (!health().report(error)) {
        // strapi::errors formats the body but drops an HttpError's headers (a 503's Retry-After)
        const headers = (error as { headers?: Record<string, string> } | null)?.headers;
        if (headers) ctx.set(headers);
        throw error;
      }
      answerUnavailable(ctx);
    }
  };
};
