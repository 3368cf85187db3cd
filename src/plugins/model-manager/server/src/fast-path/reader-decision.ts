import type { Core } from '@strapi/strapi';
import type { Decision } from '../serving-engine/decision-cache';
import { sha256Base64 } from '../utils/digest';
import {
  PREDICT_ACTION,
  READ_VERSIONS_ACTION,
  readerKey,
  readerMayAuthenticate,
  roleGrants,
  type ReaderUser,
} from '../principals';

interface UsersPermissions {
  service(name: 'jwt'): { verify(token: string): Promise<{ id?: number | string }> };
  service(name: 'user'): {
    fetchAuthenticatedUser(id: number | string): Promise<ReaderUser | null>;
  };
}

/** The key a JWT's decision is cached under: its digest, never the token itself. */
export const jwtKey = (token: string): string => sha256Base64(token);

/** The `exp` of a JWT (epoch ms), read once its signature was verified; null when it has none. */
function expiryOf(token: string): number | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    return typeof payload?.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * What users-permissions would decide for this JWT on predict (null: it would not authenticate
 * it): the token verified by users-permissions' own jwt service (its secret, algorithm and
 * expiry, legacy or refresh mode), the user read as its strategy reads them (with their role),
 * refused when blocked or unconfirmed under email confirmation, and allowed when the role holds
 * the predict action. The reader is the caller: their personal model and their outcomes.
 */
export async function decideReader(strapi: Core.Strapi, token: string): Promise<Decision | null> {
  const plugin = strapi.plugin('users-permissions') as unknown as UsersPermissions | undefined;
  if (!plugin) return null;
  const payload = await plugin
    .service('jwt')
    .verify(token)
    .catch(() => null);
  if (payload?.id === undefined) return null;
  const user = await plugin.service('user').fetchAuthenticatedUser(payload.id);
  if (!user || !(await readerMayAuthenticate(strapi, user)) || !user.role?.id) return null;
  const granted = await roleGrants(strapi, user.role.id, [PREDICT_ACTION, READ_VERSIONS_ACTION]);
  return {
    allowed: granted.has(PREDICT_ACTION),
    mayReadAll: granted.has(READ_VERSIONS_ACTION),
    expiresAt: expiryOf(token),
    callerKey: readerKey(user.id),
    userId: user.id,
  };
}
