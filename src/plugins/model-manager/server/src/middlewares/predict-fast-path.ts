import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context, Next } from 'koa';
import { predictBody } from '../../../shared/contracts/predict';
import { DecisionCache, type Decision } from '../serving/decision-cache';
import { READ_VERSIONS_ACTION } from '../utils/caller';
import { getService } from '../utils/get-service';
import { pluginConfig } from '../utils/plugin-config';
import { fieldError, validate } from '../utils/validate';
import { captureStaticHeaders } from './static-headers';

const PREDICT_PATH = /^\/api\/model-manager\/models\/([a-z0-9]+(?:-[a-z0-9]+)*)\/predict\/?$/;
const PREDICT_ACTION = 'plugin::model-manager.predictions.create';

interface StoredToken {
  id?: number;
  type: 'full-access' | 'read-only' | 'custom';
  kind?: string | null;
  expiresAt?: string | null;
  permissions?: string[];
}

/**
 * Predict is the hot endpoint, and Strapi's per-request work (token hashing and lookup, the
 * permission engine, body parsing, routing) costs several times the model itself. For an API-token
 * request to `POST /api/model-manager/models/:slug/predict`, this middleware decides access from
 * a decision cached at most `fastPath.ttlMs` (so revocation and permission edits apply within it),
 * then runs the same validation and the same predictions service as the routed controller.
 * Anything it is not sure about (no bearer token, unknown token, a JWT, a refusal) goes down the
 * normal pipeline, which answers with Strapi's exact 401/403; so do browser requests (an `Origin`
 * header), which need `strapi::cors`. It sits right after `strapi::errors` (which formats what it
 * throws, like any other error) and sets the security headers `strapi::security` would, computed
 * once (and X-Powered-By).
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const settings = () => pluginConfig(strapi).fastPath;
  const cache = new DecisionCache(settings().ttlMs);
  let securityHeaders: Promise<Record<string, string | string[]>> | null = null;

  async function decide(token: string): Promise<Decision | null> {
    const tokens = strapi.service('admin::api-token-content-api') as {
      hash(key: string): string;
      getByAccessKey(hash: string): Promise<StoredToken | null>;
    };
    const stored = await tokens.getByAccessKey(tokens.hash(token));
    if (!stored || (stored.kind && stored.kind !== 'content-api')) return null;
    const expiresAt = stored.expiresAt ? new Date(stored.expiresAt).getTime() : null;
    if (expiresAt !== null && expiresAt <= Date.now()) return null;
    const permissions = stored.permissions ?? [];
    return {
      allowed: stored.type === 'full-access' || (stored.type === 'custom' && permissions.includes(PREDICT_ACTION)),
      mayReadAll: stored.type !== 'custom' || permissions.includes(READ_VERSIONS_ACTION),
      expiresAt,
      callerKey: `api-token:${stored.id ?? 'anonymous'}`,
    };
  }

  return async (ctx: Context, next: Next) => {
    if (ctx.method !== 'POST' || !settings().enabled) return next();
    const match = PREDICT_PATH.exec(ctx.path);
    const auth = ctx.get('authorization');
    if (!match || !auth.startsWith('Bearer ') || ctx.get('origin') || !ctx.is('application/json')) return next();
    const token = auth.slice(7).trim();
    if (!token || token.split('.').length === 3) return next(); // a users-permissions JWT: normal path
    const decision = await cache.get(token, () => decide(token));
    if (!decision?.allowed) return next();

    securityHeaders ??= captureStaticHeaders(strapi, ctx.path);
    ctx.set(await securityHeaders);
    const body = await readJson(ctx, settings().maxBodyBytes);
    const input = validate(predictBody, body);
    // Challenger draws stick to the token, under the same key as on the routed path (utils/actor.ts).
    ctx.body = await getService(strapi, 'predictions').predict(match[1], input, { mayReadAll: decision.mayReadAll, key: decision.callerKey });
    ctx.status = 200;
    ctx.set('Server-Timing', 'fastpath'); // tells operators (and tests) which path answered
  };
};

function readBody(ctx: Context, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    ctx.req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) reject(new errors.PayloadTooLargeError(`The request body is over ${limit} bytes.`, { limit }));
      else chunks.push(chunk);
    });
    ctx.req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    ctx.req.on('error', reject);
  });
}

async function readJson(ctx: Context, limit: number): Promise<unknown> {
  const raw = await readBody(ctx, limit);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    const message = `Malformed JSON body: ${(error as Error).message}`;
    throw fieldError(['body'], 'malformed JSON', {}, message);
  }
}
