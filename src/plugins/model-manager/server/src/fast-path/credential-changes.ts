import type { Core } from '@strapi/strapi';
import { listen, type PgListener } from '../utils/pg-listener';

const WRITES = [
  'afterCreate',
  'afterCreateMany',
  'afterUpdate',
  'afterUpdateMany',
  'afterDelete',
  'afterDeleteMany',
] as const;

type WriteEvent = { model?: { uid?: string }; params?: { data?: unknown; where?: unknown } };

export interface CredentialChanges {
  stop(): Promise<void>;
}

export interface Followed {
  /** the content types whose writes may change a cached decision */
  models: string[];
  /** the PostgreSQL channel other instances hear of a change on (a fixed identifier) */
  channel: string;
  /** writes that change no decision (Strapi's own bookkeeping) */
  ignore?: (event: WriteEvent) => boolean;
}

/**
 * Calls `changed` whenever a row of the followed models is written, on this instance from their
 * content lifecycles and, on PostgreSQL, on every other instance too: the writer NOTIFYs the
 * channel and every instance LISTENs. A notification lost while a listener reconnects is covered
 * by the decision TTL (fastPath.ttlMs), and every reconnection forgets everything.
 */
export function followChanges(
  strapi: Core.Strapi,
  followed: Followed,
  changed: () => void
): CredentialChanges {
  const postgres = strapi.config.get('database.connection.client') === 'postgres';
  const handler = async (event: WriteEvent) => {
    if (followed.ignore?.(event)) return;
    changed();
    // Joins the writer's transaction if there is one: forgotten again, and announced, at its commit,
    // so no request re-decides from the state before it and keeps that for the TTL.
    await strapi.db
      .transaction(async ({ trx, onCommit }) => {
        onCommit(changed);
        if (postgres)
          await trx.raw('SELECT pg_notify(?, ?)', [followed.channel, String(process.pid)]);
      })
      .catch((error: Error) =>
        strapi.log.warn(
          `[model-manager] ${followed.channel} change not announced: ${error.message}`
        )
      );
  };
  const unsubscribe = strapi.db.lifecycles.subscribe({
    models: followed.models,
    ...Object.fromEntries(WRITES.map((name) => [name, handler])),
  });
  let listener: PgListener | null = null;
  if (postgres)
    listener = listen({
      connection: strapi.config.get('database.connection.connection') as object,
      channel: followed.channel,
      onNotify: changed,
      onConnect: changed, // notifications sent while disconnected are lost: forget everything
      onError: (error) =>
        strapi.log.warn(`[model-manager] ${followed.channel} listener: ${error.message}`),
    });
  return {
    async stop() {
      unsubscribe();
      await listener?.stop();
    },
  };
}

/** Strapi's own bookkeeping on each use of an API token (lastUsedAt): it changes no decision. */
function onlyLastUsed(event: WriteEvent): boolean {
  const data = event.params?.data;
  return !!data && typeof data === 'object' && Object.keys(data).every((k) => k === 'lastUsedAt');
}

/** API tokens and their content-API permissions: created, regenerated, revoked or edited. */
export const followTokenChanges = (strapi: Core.Strapi, changed: () => void) =>
  followChanges(
    strapi,
    {
      models: ['admin::api-token', 'admin::api-token-permission'],
      channel: 'mm_api_tokens',
      ignore: onlyLastUsed,
    },
    changed
  );

/**
 * What a reader's JWT decision rests on: the user (blocked, confirmed, role, password), roles
 * and their permissions, and users-permissions' advanced settings (email confirmation), kept in
 * Strapi's core store.
 */
export const followReaderChanges = (strapi: Core.Strapi, changed: () => void) =>
  followChanges(
    strapi,
    {
      models: [
        'plugin::users-permissions.user',
        'plugin::users-permissions.role',
        'plugin::users-permissions.permission',
        'strapi::core-store',
      ],
      channel: 'mm_readers',
    },
    changed
  );
