import type { Core } from '@strapi/strapi';
import type { Decision } from '../serving/decision-cache';
import { tokenKey, tokenMayReadAll } from '../principals';

const PREDICT_ACTION = 'plugin::model-manager.predictions.create';

interface StoredToken {
  id?: number;
  type: 'full-access' | 'read-only' | 'custom';
  kind?: string | null;
  expiresAt?: string | null;
  permissions?: string[];
}

/** What Strapi's API-token strategy and permission check would decide for this token on predict (null: not a content-API token). */
export async function decideToken(strapi: Core.Strapi, token: string): Promise<Decision | null> {
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
    allowed:
      stored.type === 'full-access' ||
      (stored.type === 'custom' && permissions.includes(PREDICT_ACTION)),
    mayReadAll: tokenMayReadAll(stored),
    expiresAt,
    callerKey: tokenKey(stored.id),
  };
}
