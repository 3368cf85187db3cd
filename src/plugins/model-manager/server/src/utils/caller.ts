import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

/** The content-API action that lets a caller see every version, reviewed or not. */
export const READ_VERSIONS_ACTION = 'plugin::model-manager.versions.find';

/** What an API token's auth strategy puts in `ctx.state.auth.credentials`, as far as read here. */
interface ApiTokenCredentials {
  type?: string;
  /** action names, or permission rows with one */
  permissions?: Array<string | { action: string }>;
}

/**
 * Whether the caller may pin any version (candidates included) in predict: admins, full-access
 * and read-only API tokens, and tokens or roles granted the versions.find action.
 */
export async function mayReadAllVersions(strapi: Core.Strapi, ctx: Context): Promise<boolean> {
  const auth = ctx.state?.auth as
    | { strategy?: { name?: string }; credentials?: ApiTokenCredentials }
    | undefined;
  const strategy = auth?.strategy?.name;
  if (ctx.state?.isAuthenticatedAdmin || strategy === 'admin') return true;
  if (strategy === 'content-api-token' || strategy === 'api-token') {
    const token = auth?.credentials ?? {};
    if (token.type === 'full-access' || token.type === 'read-only') return true;
    return (token.permissions ?? []).some(
      (p) => (typeof p === 'string' ? p : p.action) === READ_VERSIONS_ACTION
    );
  }
  const roleId = ctx.state?.user?.role?.id;
  if (strategy === 'users-permissions' && roleId) {
    const granted = await strapi.db
      .query('plugin::users-permissions.permission')
      .count({ where: { action: READ_VERSIONS_ACTION, role: { id: roleId } } });
    return granted > 0;
  }
  return false;
}

/**
 * The users-permissions user calling with their own JWT, or null. Personal models and their
 * labels belong to that user only: an API token or an admin never acts as a reader here.
 */
export function readerId(ctx: Context): number | null {
  const auth = ctx.state?.auth as { strategy?: { name?: string } } | undefined;
  const id = ctx.state?.user?.id;
  return auth?.strategy?.name === 'users-permissions' && typeof id === 'number' ? id : null;
}
