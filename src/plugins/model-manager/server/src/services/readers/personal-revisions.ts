import type { Core } from '@strapi/strapi';
import { listen, type PgListener } from '../../utils/pg-listener';

const CHANNEL = 'mm_personal';
const MAX_KNOWN = 100_000;

/**
 * The revision of each reader's correction row (null: none) as last read or written by this
 * process, for at most `ttlMs`: a reader's predict then reads nothing from the database. Forgotten
 * at once when this process writes the row, and, on PostgreSQL, when another instance does (NOTIFY
 * mm_personal); the TTL bounds what a lost notification (or SQLite shared by processes) leaves.
 * Keyed by the personal-models service's `model:user` key.
 */
export function createRevisionMemo(strapi: Core.Strapi, ttlMs: () => number) {
  const known = new Map<string, { revision: number | null; until: number }>();
  let listener: PgListener | null = null;
  const postgres = () => strapi.config.get('database.connection.client') === 'postgres';

  return {
    /** The remembered revision, or undefined when it must be read again. */
    get(key: string): number | null | undefined {
      const hit = known.get(key);
      return hit && hit.until > Date.now() ? hit.revision : undefined;
    },

    remember(key: string, revision: number | null) {
      known.delete(key);
      if (known.size >= MAX_KNOWN) known.delete(known.keys().next().value as string);
      known.set(key, { revision, until: Date.now() + ttlMs() });
    },

    forget: (key: string) => known.delete(key),

    /** This process wrote a reader's row: other instances forget what they knew of it. */
    async announce(key: string) {
      if (!postgres()) return;
      await strapi.db.connection
        .raw('SELECT pg_notify(?, ?)', [CHANNEL, key])
        .catch((error: Error) =>
          strapi.log.warn(`[model-manager] personal model change not announced: ${error.message}`)
        );
    },

    /** On PostgreSQL, hears of rows other instances write. */
    follow() {
      if (!postgres() || listener) return;
      listener = listen({
        connection: strapi.config.get('database.connection.connection') as object,
        channel: CHANNEL,
        onNotify: (key) => known.delete(key),
        onConnect: () => known.clear(), // notifications sent while disconnected are lost
        onError: (error) =>
          strapi.log.warn(`[model-manager] personal model listener: ${error.message}`),
      });
    },

    async stop() {
      await listener?.stop();
      listener = null;
    },

    clear: () => known.clear(),
  };
}
