import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { Actor } from '../../../shared/contracts/models';
import { actorKey } from '.';

/**
 * The human behind an actor, for four-eyes: an admin (session or admin token: its owner), the
 * admin who created a content-API token (mm_token_creators), or a users-permissions user.
 * Null when no person is known (a token created by a script, the system). Inside a transaction,
 * pass its `trx`: SQLite has one connection, and a query beside it would wait for it forever.
 */
export async function personOf(
  db: Knex | Knex.Transaction,
  actor: Actor | null | undefined
): Promise<string | null> {
  if (!actor || actor.id == null) return null;
  if (actor.kind === 'admin' || actor.kind === 'user') return actorKey(actor);
  if (actor.kind === 'api-token') {
    const row = await db('mm_token_creators')
      .where({ token_id: Number(actor.id) })
      .first('admin_id');
    return row ? `admin:${row.admin_id}` : null;
  }
  return null;
}

/**
 * Remembers which admin created each content-API token: Strapi stores an owner only for admin
 * tokens. The creating request's admin is read from the request context.
 */
export function recordTokenCreators(strapi: Core.Strapi) {
  strapi.db.lifecycles.subscribe({
    models: ['admin::api-token'],
    async afterCreate(event) {
      const token = event.result as { id?: number } | undefined;
      const ctx = strapi.requestContext.get() as
        | { state?: { user?: { id?: number }; auth?: { strategy?: { name?: string } } } }
        | undefined;
      const adminId = ctx?.state?.user?.id;
      const strategy = ctx?.state?.auth?.strategy?.name;
      if (!token?.id || !adminId || (strategy !== 'admin' && strategy !== 'admin-token')) return;
      // Joins the token's own transaction if there is one (SQLite has a single connection).
      await strapi.db.transaction(({ trx }) =>
        trx('mm_token_creators')
          .insert({ token_id: token.id, admin_id: adminId, at_ms: Date.now() })
          .onConflict('token_id')
          .ignore()
      );
    },
  });
}
