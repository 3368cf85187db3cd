import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { ModelScope, VersionStatus } from '../../../../shared/constants';
import { SERVING_STATUSES } from '../../../../shared/lifecycle';
import { routingRevision } from '../../database/repositories/routing-state';
import {
  versionByNumber,
  versionsInStages,
  type RoutedVersion,
} from '../../database/repositories/versions';
import { getService } from '../../utils/get-service';
import { listen, type PgListener } from '../../utils/pg-listener';
import { pluginConfig } from '../../utils/plugin-config';

/**
 * This instance's routing table: the production and challenger versions of every model, tagged
 * with the revision of mm_routing_state. A promotion bumps the revision in its transaction; on
 * PostgreSQL a trigger announces it (NOTIFY, delivered at commit) and every instance LISTENs,
 * elsewhere (and as the safety net) every instance polls it, then swaps in a fresh table, without
 * restart. Which version answers a given request is services/serving/routing.ts, above it.
 */
export interface ServedVersion {
  modelId: number;
  slug: string;
  scope: ModelScope;
  number: number;
  status: VersionStatus;
  hash: string;
  classLabels: string[];
  trafficShare: number;
}

export interface Route {
  champion: ServedVersion | null;
  challengers: ServedVersion[];
}

export function toServed(row: RoutedVersion): ServedVersion {
  return {
    modelId: row.model!.id,
    slug: row.model!.slug,
    scope: row.model!.scope,
    number: row.number,
    status: row.stage,
    hash: row.artifactHash,
    classLabels: row.signature?.classLabels ?? [],
    trafficShare: Number(row.trafficShare ?? 0),
  };
}

const createRoutingTableService = ({ strapi }: { strapi: Core.Strapi }) => {
  let table = new Map<string, Route>();
  let revision = -1;
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;
  let refreshing: Promise<void> | null = null;
  let nextRefresh: Promise<void> | null = null;
  let listener: PgListener | null = null;

  async function readRevision(): Promise<number> {
    return routingRevision(strapi.db.connection);
  }

  async function buildTable(): Promise<Map<string, Route>> {
    const rows = await versionsInStages(strapi, ['production', 'challenger']);
    const next = new Map<string, Route>();
    for (const row of rows) {
      if (!row.model) continue;
      const route = next.get(row.model.slug) ?? { champion: null, challengers: [] };
      if (row.stage === 'production') route.champion = toServed(row);
      else route.challengers.push(toServed(row));
      next.set(row.model.slug, route);
    }
    return next;
  }

  /** The distinct artifacts a table serves: every champion, then every challenger. */
  const servedHashes = (routes: Map<string, Route>): string[] => {
    const all = [...routes.values()];
    const versions = [...all.map((r) => r.champion), ...all.flatMap((r) => r.challengers)].filter(
      Boolean
    ) as ServedVersion[];
    return [...new Set(versions.map((v) => v.hash))];
  };

  async function reload() {
    const seen = await readRevision();
    const next = await buildTable();
    // What newly serves is loaded before the swap, so its first request is not a cold one (the
    // refresh waits, no request does); at boot everything loads after the swap, in the background.
    const prewarm = getService(strapi, 'prewarm');
    if (revision >= 0) {
      const before = new Set(servedHashes(table));
      await prewarm.beforeServing(servedHashes(next).filter((hash) => !before.has(hash)));
    }
    table = next;
    revision = seen;
    prewarm.schedule(servedHashes(table));
  }

  return {
    /**
     * Rebuilds the table now (after a local promotion). A reload already under way may have read
     * the table before the caller's commit, so the caller waits for one that starts after it;
     * callers arriving meanwhile share that next reload.
     */
    async refresh(): Promise<void> {
      if (!refreshing) {
        refreshing = reload().finally(() => {
          refreshing = null;
        });
        return refreshing;
      }
      nextRefresh ??= refreshing
        .then(
          () => undefined,
          () => undefined
        )
        .then(() => {
          nextRefresh = null;
          return this.refresh();
        });
      return nextRefresh;
    },

    /** Starts following the revision (poll, and LISTEN on PostgreSQL); served sessions then load in the background (prewarm.ts). */
    async start(): Promise<void> {
      await this.refresh();
      const { routingPollMs, routingNotify } = pluginConfig(strapi);
      const check = () => {
        if (polling) return; // a slow database: never stack polls
        polling = readRevision()
          .then((seen) => (seen !== revision ? this.refresh() : undefined))
          .catch((error: Error) => {
            strapi.log.warn(`[model-manager] routing poll failed: ${error.message}`);
          })
          .finally(() => {
            polling = null;
          });
      };
      timer = setInterval(check, routingPollMs);
      timer.unref();
      if (routingNotify && strapi.config.get('database.connection.client') === 'postgres') {
        listener = listen({
          connection: strapi.config.get('database.connection.connection') as object,
          channel: 'mm_routing',
          onNotify: (payload) => {
            if (Number(payload) !== revision)
              void this.refresh().catch((error: Error) =>
                strapi.log.warn(`[model-manager] routing refresh failed: ${error.message}`)
              );
          },
          onConnect: check, // notifications sent while disconnected are lost
          onError: (error) => {
            // The listener's connection is usually the first to learn that the database went away.
            if (!getService(strapi, 'database-health').report(error))
              strapi.log.warn(`[model-manager] routing listener: ${error.message}`);
          },
        });
      }
    },

    /** Stops polling and waits for a poll or reload under way, so nothing queries a closing database. */
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await listener?.stop();
      listener = null;
      await polling;
      await refreshing?.catch(() => undefined);
    },

    revision: () => revision,

    /** The distinct artifacts serving now (champions first): what prewarming loads. */
    servedHashes: (): string[] => servedHashes(table),

    /** The champion serving a model now (from this instance's table), or null. */
    champion: (slug: string): ServedVersion | null => table.get(slug)?.champion ?? null,

    /** A version by number as it would serve if pinned; 404 for one the caller may not use. */
    async pinned(slug: string, number: number, mayReadAll: boolean): Promise<ServedVersion> {
      const row = await versionByNumber(strapi, slug, number);
      if (!row) {
        await getService(strapi, 'models').requireModel(slug);
        throw new errors.NotFoundError(`Model "${slug}" has no version ${number}`, {
          slug,
          version: number,
        });
      }
      if (!mayReadAll && !SERVING_STATUSES.includes(row.stage)) {
        // Versions not serving traffic stay invisible to callers without the read permission.
        throw new errors.NotFoundError(`Model "${slug}" has no version ${number} you may use`, {
          slug,
          version: number,
        });
      }
      return toServed(row);
    },

    /** What serves a model now: its champion and challengers, or undefined. */
    route: (slug: string): Route | undefined => table.get(slug),
  };
};

export type RoutingTableService = ReturnType<typeof createRoutingTableService>;
export default createRoutingTableService;
