import type { Context } from 'koa';
import type { Actor } from '../../../shared/contracts/models';

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
