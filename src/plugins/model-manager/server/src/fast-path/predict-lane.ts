import type { IncomingMessage, ServerResponse } from 'http';
import type { Core } from '@strapi/strapi';
import { predictBody } from '../../../shared/contracts/predict';
import { UNAVAILABLE } from '../middlewares/database-unavailable';
import { DecisionCache } from '../serving-engine/decision-cache';
import { getService } from '../utils/get-service';
import { pluginConfig } from '../utils/plugin-config';
import { validate } from '../utils/validate';
import { errorAnswer, flatHeaders, INTERNAL_ERROR, sendJson } from './answers';
import { readJson } from './request-body';
import { captureStaticHeaders } from './static-headers';
import {
  followReaderChanges,
  followTokenChanges,
  type CredentialChanges,
} from './credential-changes';
import { decideReader, jwtKey } from './reader-decision';
import { accessKeyHash, decideToken, lastUsedDue, touchLastUsed } from './token-decision';

const PREDICT_PATH = /^\/api\/model-manager\/models\/([a-z0-9]+(?:-[a-z0-9]+)*)\/predict\/?$/;

type Headers = Record<string, string | string[]>;

/** Decisions cached per kind of credential, and how many were looked up (misses). */
export interface FastPathStats {
  tokens: { entries: number; lookups: number };
  readers: { entries: number; lookups: number };
}

/** A request the lane may take (a JSON predict with a bearer credential, no Origin), else null. */
function candidate(
  req: IncomingMessage
): { slug: string; token: string; kind: 'api-token' | 'jwt' } | null {
  if (req.method !== 'POST' || req.headers.origin) return null;
  const url = req.url ?? '';
  const query = url.indexOf('?');
  const match = PREDICT_PATH.exec(query < 0 ? url : url.slice(0, query));
  const auth = req.headers.authorization;
  if (!match || !auth?.startsWith('Bearer ')) return null;
  const type = req.headers['content-type']?.split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') return null;
  // a compressed body (gzip, deflate, br) is Strapi's body parser's to inflate
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') return null;
  const token = auth.slice(7).trim();
  if (!token) return null;
  // users-permissions reads "Bearer <jwt>" split on whitespace: anything else is Koa's to refuse
  if (token.split('.').length === 3)
    return /\s/.test(token) ? null : { slug: match[1], token, kind: 'jwt' };
  return { slug: match[1], token, kind: 'api-token' };
}

/**
 * Predict is the hot endpoint, and a request through Koa and Strapi's middleware chain costs more
 * than the model itself. This lane answers `POST /api/model-manager/models/:slug/predict` with an
 * API token or a reader's users-permissions JWT before Koa sees it: access is decided from a
 * decision cached at most `fastPath.ttlMs` (and never past the JWT's expiry) under the token's
 * stored hash or the JWT's digest, and forgotten on every instance the moment any token is created,
 * regenerated, revoked or edited, or any reader, role or role permission is written (a block, a
 * password or role change: credential-changes.ts); `lastUsedAt` is kept as Strapi keeps it; a
 * reader is the caller (personal model, outcomes) as on the routed path; then the same validation and the same
 * predictions service as the routed controller run, errors get the body `strapi::errors` gives
 * them, the response the headers `strapi::security` and `strapi::poweredBy` would set (computed
 * once), and the request its `strapi::logger` line. Whatever it is not sure of (no bearer token, an
 * unknown one, a JWT, a refusal, a browser request that needs CORS, a database outage) it hands to
 * Koa untouched, which answers with Strapi's exact status.
 */
export function createPredictLane(strapi: Core.Strapi): {
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  changes: CredentialChanges[];
  stats: () => FastPathStats;
} {
  const settings = () => pluginConfig(strapi).fastPath;
  const health = () => getService(strapi, 'database-health');
  const tokens = new DecisionCache(() => settings().ttlMs);
  const readers = new DecisionCache(() => settings().ttlMs);
  const changes = [
    followTokenChanges(strapi, () => tokens.clear()),
    followReaderChanges(strapi, () => readers.clear()),
  ];
  type AnswerHeaders = { served: string[]; refused: string[]; unavailable: string[] };
  let answerHeaders: Promise<AnswerHeaders> | null = null;
  let known: AnswerHeaders | null = null; // once computed, no await per request

  async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    slug: string,
    caller: { mayReadAll: boolean; key?: string; userId?: number }
  ) {
    answerHeaders ??= captureStaticHeaders(strapi, req.url ?? '/').then((headers: Headers) => ({
      served: flatHeaders({ ...headers, 'Server-Timing': 'fastpath' }), // tells operators (and tests) which path answered
      refused: flatHeaders(headers),
      unavailable: flatHeaders({ ...headers, ...UNAVAILABLE.headers }),
    }));
    const headers = known ?? (known = await answerHeaders);
    try {
      const input = validate(predictBody, await readJson(req, settings().maxBodyBytes));
      // The caller's key is the token's (principals/), as on the routed path; its draws are per request.
      const answer = await getService(strapi, 'predictions').predict(slug, input, caller);
      sendJson(res, 200, answer, headers.served);
    } catch (error) {
      if (!req.complete) req.resume(); // the rest of a refused body is read and dropped, so the connection stays usable
      if (health().report(error))
        return sendJson(res, UNAVAILABLE.status, UNAVAILABLE.body, headers.unavailable);
      const known = errorAnswer(error);
      if (!known) strapi.log.error(error as Error);
      const { status, body } = known ?? INTERNAL_ERROR;
      sendJson(res, status, body, headers.refused);
    }
  }

  /** Answers the request and resolves true, or resolves false without touching it (Koa takes it). */
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (!settings().enabled) return false;
    const found = candidate(req);
    if (!found || health().isDown()) return false;
    let decision;
    if (found.kind === 'jwt') {
      const key = jwtKey(found.token);
      decision =
        readers.peek(key) ??
        (await readers.get(key, () => decideReader(strapi, found.token)).catch(() => null));
    } else {
      const key = accessKeyHash(strapi, found.token);
      decision =
        tokens.peek(key) ??
        (await tokens.get(key, () => decideToken(strapi, key)).catch(() => null));
    }
    if (!decision?.allowed) return false;
    if (lastUsedDue(decision))
      await touchLastUsed(strapi, decision).catch((error: Error) =>
        strapi.log.warn(`[model-manager] lastUsedAt not updated: ${error.message}`)
      );

    const start = Date.now();
    await serve(req, res, found.slug, {
      mayReadAll: decision.mayReadAll,
      key: decision.callerKey,
      userId: decision.userId,
    });
    strapi.log.http(`POST ${req.url} (${Math.ceil(Date.now() - start)} ms) ${res.statusCode}`);
    return true;
  }

  const stats = () => ({ tokens: tokens.stats(), readers: readers.stats() });
  return { handle, changes, stats };
}
