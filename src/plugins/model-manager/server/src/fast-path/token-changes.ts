import type { Core } from '@strapi/strapi';
import { listen, type PgListener } from '../utils/pg-listener';

/** Strapi's API tokens and their content-API permissions: any write to them may change a decision. */
const TOKEN_MODELS = ['admin::api-token', 'admin::api-token-permission'];
const CHANNEL = 'mm_api_tokens';
const WRITES = [
  'afterCreate',
  'afterCreateMany',
  'afterUpdate',
  'afterUpdateMany',
  'afterDelete',
  'afterDeleteMany',
] as const;

/** Strapi's own bookkeeping on each use (lastUsedAt): it changes no decision. */
function onlyLastUsed(event: { params?: { data?: unknown } }): boolean {
  const data = event.params?.data;
  return !!data && typeof data === 'object' && Object.keys(data).every((k) => k === 'lastUsedAt');
}

export interface TokenChanges {
  stop(): Promise<void>;
}

/**
 * Calls `changed` whenever an API token is created, regenerated, revoked or edited (its type,
 * expiry or permissions), on this instance from the content lifecycle of Strapi's token models,
 * and, on PostgreSQL, on every other instance too: the writer NOTIFYs `mm_api_tokens` and every
 * instance LISTENs. A notification lost while a listener reconnects is covered by the decision
 * TTL (fastPath.ttlMs), as before.
 */
export function followTokenChanges(strapi: Core.Strapi, changed: () => void): TokenChanges {
  const postgres = strapi.config.get('database.connection.client') === 'postgres';
  const handler = async (event: { params?: { data?: unknown } }) => {
    if (onlyLastUsed(event)) return;
    changed();
    // Joins the writer's transaction if there is one: forgotten again, and announced, at its commit,
    // so no request re-decides from the state before it and keeps that for the TTL.
    await strapi.db
      .transaction(async ({ trx, onCommit }) => {
        onCommit(changed);
        if (postgres) await trx.raw('SELECT pg_notify(?, ?)', [CHANNEL, String(process.pid)]);
      })
      .catch((error: Error) =>
        strapi.log.warn(`[model-manager] token change not announced: ${error.message}`)
      );
  };
  const unsubscribe = strapi.db.lifecycles.subscribe({
    models: TOKEN_MODELS,
    ...Object.fromEntries(WRITES.map((name) => [name, handler])),
  });
  let listener: PgListener | null = null;
  if (postgres)
    listener = listen({
      connection: strapi.config.get('database.connection.connection') as object,
      channel: CHANNEL,
      onNotify: changed,
      onConnect: changed, // notifications sent while disconnected are lost: forget everything
      onError: (error) => strapi.log.warn(`[model-manager] token listener: ${error.message}`),
    });
  return {
    async stop() {
      unsubscribe();
      await listener?.stop();
    },
  };
}
