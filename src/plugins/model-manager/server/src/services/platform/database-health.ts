import type { Core } from '@strapi/strapi';
import { Client, type ClientConfig } from 'pg';
import { isDatabaseUnreachable } from '../../utils/database-errors';

const PROBE_MS = 500;

/**
 * Whether this instance can reach its database. While PostgreSQL is down, a request would
 * otherwise wait for the pool's acquire timeout (a minute) and end in a 500; instead, once an
 * outage is noticed (a request's error, or the routing listener's connection dropping), requests
 * are answered 503 at once (middlewares/database-unavailable.ts) and a probe on a connection of
 * its own, outside the pool, says when the database answers again. SQLite is never "down".
 */
const createDatabaseHealthService = ({ strapi }: { strapi: Core.Strapi }) => {
  let outage: { since: Date; reason: string } | null = null;
  let probe: NodeJS.Timeout | null = null;
  let stopped = false;

  async function answers(): Promise<boolean> {
    const client = new Client({
      ...(strapi.config.get('database.connection.connection') as ClientConfig),
      connectionTimeoutMillis: 1_000,
    });
    client.on('error', () => undefined); // a failure is the answer; it must not crash the process
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  function scheduleProbe() {
    if (probe || stopped) return;
    probe = setTimeout(async () => {
      const up = await answers();
      probe = null;
      if (up) {
        strapi.log.info(
          `[model-manager] the database answers again (unreachable for ${Date.now() - outage!.since.getTime()} ms)`
        );
        outage = null;
      } else scheduleProbe();
    }, PROBE_MS);
    probe.unref();
  }

  return {
    isDown: () => outage !== null,

    outage: () => outage,

    /** Notes an error; true when it means the database is unreachable (the caller answers 503). */
    report(error: unknown): boolean {
      if (
        strapi.config.get('database.connection.client') !== 'postgres' ||
        !isDatabaseUnreachable(error)
      )
        return false;
      if (!outage) {
        outage = { since: new Date(), reason: (error as Error).message ?? String(error) };
        strapi.log.warn(
          `[model-manager] the database is unreachable (${outage.reason}); answering 503 until it is back`
        );
      }
      scheduleProbe();
      return true;
    },

    stop() {
      stopped = true;
      if (probe) clearTimeout(probe);
      probe = null;
    },
  };
};

export type DatabaseHealthService = ReturnType<typeof createDatabaseHealthService>;
export default createDatabaseHealthService;
