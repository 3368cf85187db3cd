import type { Core } from '@strapi/strapi';
import type { Decision } from '../serving-engine/decision-cache';
import { PREDICT_ACTION, tokenKey, tokenMayReadAll } from '../principals';
import { sha256Base64 } from '../utils/digest';

interface StoredToken {
  id?: number;
  lastUsedAt?: string | null;
  type: 'full-access' | 'read-only' | 'custom';
  kind?: string | null;
  expiresAt?: string | null;
  permissions?: string[];
}

interface TokenService {
  hash(key: string): string;
  getByAccessKey(hash: string): Promise<StoredToken | null>;
}
const tokens = (strapi: Core.Strapi) =>
  strapi.service('admin::api-token-content-api') as unknown as TokenService;

/** Strapi's stored hashes per app, by the token's sha256 (never the token itself). */
const storedHashes = new WeakMap<Core.Strapi, Map<string, string>>();
const HASHES_KEPT = 1024;

/**
 * The token as Strapi stores it (an HMAC with the app's salt): the key decisions are cached under,
 * never the token itself. Strapi's sha512 HMAC costs several times a sha256 (6.5 against 0.9 µs
 * here), which on a cheap model's predict was the largest part of the fast path's own work; it
 * never changes for a token, so each is computed once, a bounded number kept.
 */
export function accessKeyHash(strapi: Core.Strapi, token: string): string {
  let known = storedHashes.get(strapi);
  if (!known) storedHashes.set(strapi, (known = new Map()));
  const digest = sha256Base64(token);
  let stored = known.get(digest);
  if (stored === undefined) {
    stored = tokens(strapi).hash(token);
    if (known.size >= HASHES_KEPT) known.clear();
    known.set(digest, stored);
  }
  return stored;
}

/** What Strapi's API-token strategy and permission check would decide for this token on predict (null: not a content-API token). */
export async function decideToken(strapi: Core.Strapi, hash: string): Promise<Decision | null> {
  const stored = await tokens(strapi).getByAccessKey(hash);
  if (!stored || (stored.kind && stored.kind !== 'content-api')) return null;
  const expiresAt = stored.expiresAt ? new Date(stored.expiresAt).getTime() : null;
  if (expiresAt !== null && expiresAt <= Date.now()) return null;
  const permissions = stored.permissions ?? [];
  return {
    allowed:
      stored.type === 'full-access' ||
      (stored.type === 'custom' && permissions.includes(PREDICT_ACTION)),
    mayReadAll: tokenMayReadAll(stored),
    expiresAt,
    callerKey: tokenKey(stored.id),
    tokenId: stored.id,
    lastUsedAt: stored.lastUsedAt ? new Date(stored.lastUsedAt).getTime() : null,
  };
}

const HOUR_MS = 60 * 60 * 1000;

/** Whether a token's `lastUsedAt` is due for its write (checked first, so most requests make no promise). */
export const lastUsedDue = (decision: Decision, now = Date.now()): boolean =>
  decision.tokenId !== undefined &&
  (decision.lastUsedAt == null || now - decision.lastUsedAt >= HOUR_MS);

/**
 * Keeps `lastUsedAt` as Strapi's API-token strategy does on each authenticated request: written
 * when it is empty or at least an hour old. The cached decision remembers the write, so a busy
 * token costs one update an hour per instance, like the routed path.
 */
export async function touchLastUsed(
  strapi: Core.Strapi,
  decision: Decision,
  now = Date.now()
): Promise<void> {
  if (!lastUsedDue(decision, now)) return;
  decision.lastUsedAt = now;
  await strapi.db
    .query('admin::api-token')
    .update({ where: { id: decision.tokenId }, data: { lastUsedAt: new Date(now) } });
}
