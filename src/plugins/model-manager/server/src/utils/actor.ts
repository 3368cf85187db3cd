import type { Context } from 'koa';
import type { Actor } from '../../../shared/contracts/models';

/** Who is calling, from Strapi's auth state: an admin user, an API token or a front-end user. */
export function actorFromContext(ctx: Context): Actor {
  const auth = ctx.state?.auth as { strategy?: { name?: string }; credentials?: Record<string, unknown> } | undefined;
  const credentials = auth?.credentials ?? {};
  const user = ctx.state?.user as Record<string, unknown> | undefined;
  if (ctx.state?.isAuthenticatedAdmin || auth?.strategy?.name === 'admin') {
    const name = [user?.firstname, user?.lastname].filter(Boolean).join(' ') || String(user?.email ?? 'admin');
    return { kind: 'admin', id: (user?.id as number) ?? null, name };
  }
  if (auth?.strategy?.name === 'content-api-token' || auth?.strategy?.name === 'api-token') {
    return { kind: 'api-token', id: (credentials.id as number) ?? null, name: String(credentials.name ?? 'API token') };
  }
  if (user) {
    return { kind: 'user', id: user.id as number, name: String(user.username ?? user.email ?? user.id) };
  }
  return { kind: 'user', id: null, name: 'anonymous' };
}

/** A stable key for de-duplication: "admin:3", "api-token:1", "user:7". */
export function actorKey(actor: Actor): string {
  return `${actor.kind}:${actor.id ?? 'anonymous'}`;
}
