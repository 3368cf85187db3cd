import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { ACTIONS } from '../../../shared/constants';
import type { Actor } from '../../../shared/contracts/models';

/**
 * Who is calling, the one place that says it: the actor (kind, id, display name), their stable
 * key ("admin:3", "api-token:1", "user:7"), whether they are a reader acting for themselves, and
 * whether they may read every version. The routed controllers and the fast path both ask here.
 */

/**
 * Who is calling, from Strapi's auth state: an admin user (in a session, or through an admin
 * token: its owner), a content-API token, or a front-end user. Names never fall back to an
 * e-mail address, so an actor can be shown to any audience.
 */
export function actorFromContext(ctx: Context): Actor {
  const auth = ctx.state?.auth as
    | { strategy?: { name?: string }; credentials?: Record<string, unknown> }
    | undefined;
  const credentials = auth?.credentials ?? {};
  const user = ctx.state?.user as Record<string, unknown> | undefined;
  const strategy = auth?.strategy?.name;
  if (
    strategy === 'admin' ||
    strategy === 'admin-token' ||
    (ctx.state?.isAuthenticatedAdmin && strategy !== 'api-token')
  ) {
    const id = (user?.id as number) ?? null;
    const name = [user?.firstname, user?.lastname].filter(Boolean).join(' ') || `admin #${id}`;
    return strategy === 'admin-token'
      ? { kind: 'admin', id, name, via: 'admin-token' }
      : { kind: 'admin', id, name };
  }
  if (auth?.strategy?.name === 'content-api-token' || auth?.strategy?.name === 'api-token') {
    return {
      kind: 'api-token',
      id: (credentials.id as number) ?? null,
      name: String(credentials.name ?? 'API token'),
    };
  }
  if (user) {
    return {
      kind: 'user',
      id: user.id as number,
      name: String(user.username ?? `user #${user.id}`),
    };
  }
  return { kind: 'user', id: null, name: 'anonymous' };
}

/** A stable key for de-duplication: "admin:3", "api-token:1", "user:7". */
export function actorKey(actor: Actor): string {
  return `${actor.kind}:${actor.id ?? 'anonymous'}`;
}

/** A reader's key: the giver of their labels and the caller of their predictions. */
export const readerKey = (userId: number | string) =>
  actorKey({ kind: 'user', id: Number(userId), name: '' });

/**
 * Whether a key names one person (an admin or a reader), whose challenger draw may stay the same
 * from request to request. An API token is shared by everyone its front-end serves and anonymous
 * callers all share one key: sticky draws would send the whole of either to one variant.
 */
export const isPersonKey = (key: string | null | undefined) =>
  !!key && /^(admin|user):\d+$/.test(key);

/** Whether an admin (session or admin token) holds readers.read-texts: readers' texts and names. */
export function mayReadReaderTexts(ctx: Context): boolean {
  const ability = ctx.state?.userAbility as { can?: (action: string) => boolean } | undefined;
  return !!ability?.can?.(ACTIONS.readTexts);
}

/** An API token's key. */
export const tokenKey = (tokenId: number | null | undefined) =>
  actorKey({ kind: 'api-token', id: tokenId ?? null, name: '' });

/** The content-API action that lets a caller see every version, reviewed or not. */
export const READ_VERSIONS_ACTION = 'plugin::model-manager.versions.find';

/** What an API token's auth strategy puts in `ctx.state.auth.credentials`, as far as read here. */
interface ApiTokenCredentials {
  type?: string;
  /** action names, or permission rows with one */
  permissions?: Array<string | { action: string }>;
}

/** Full-access and read-only tokens may read every version; a custom one if it holds versions.find. */
export function tokenMayReadAll(token: ApiTokenCredentials): boolean {
  if (token.type === 'full-access' || token.type === 'read-only') return true;
  return (token.permissions ?? []).some(
    (p) => (typeof p === 'string' ? p : p.action) === READ_VERSIONS_ACTION
  );
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
    return tokenMayReadAll(auth?.credentials ?? {});
  }
  const roleId = ctx.state?.user?.role?.id;
  if (strategy === 'users-permissions' && roleId)
    return (await roleGrants(strapi, roleId, [READ_VERSIONS_ACTION])).has(READ_VERSIONS_ACTION);
  return false;
}

/** Which of `actions` a users-permissions role holds (its content-API permissions), in one query. */
export async function roleGrants(
  strapi: Core.Strapi,
  roleId: number,
  actions: string[]
): Promise<Set<string>> {
  const rows = (await strapi.db.query('plugin::users-permissions.permission').findMany({
    where: { action: { $in: actions }, role: { id: roleId } },
    select: ['action'],
  })) as Array<{ action: string }>;
  return new Set(rows.map((r) => r.action));
}

/** The content-API action of predict, which a token or a role must hold to be served. */
export const PREDICT_ACTION = 'plugin::model-manager.predictions.create';

/** A reader as the users-permissions strategy authenticates them, as far as the plugin reads it. */
export interface ReaderUser {
  id: number;
  blocked?: boolean | null;
  confirmed?: boolean | null;
  role?: { id: number } | null;
}

/**
 * Whether users-permissions' strategy lets this user in (its `authenticate`): they exist, are not
 * blocked, and are confirmed when the advanced settings ask for email confirmation.
 */
export async function readerMayAuthenticate(
  strapi: Core.Strapi,
  user: ReaderUser | null
): Promise<boolean> {
  if (!user || user.blocked) return false;
  const advanced = (await strapi
    .store({ type: 'plugin', name: 'users-permissions' })
    .get({ key: 'advanced' })) as { email_confirmation?: boolean } | null;
  return !(advanced?.email_confirmation && !user.confirmed);
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
