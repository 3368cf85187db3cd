import { createHash } from 'crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UIDS, type ModelScope, type VersionStatus } from '../../../shared/constants';
import { SERVABLE_STATUSES } from '../../../shared/lifecycle';
import { conflict } from '../utils/errors';
import { getService } from '../utils/get-service';
import { listen, type PgListener } from '../utils/pg-listener';
import { pluginConfig } from '../utils/plugin-config';
import type { PersonalModel } from './personal-models';

/**
 * Which version answers a request. Each instance holds a routing table (production and
 * challenger versions of every model) tagged with the revision of mm_routing_state; a promotion
 * bumps the revision in its transaction; on PostgreSQL a trigger announces it (NOTIFY, delivered
 * at commit) and every instance LISTENs, elsewhere (and as the safety net) every instance polls it,
 * then swaps in a fresh table, without restart.
 * Per request: a pinned version, else the caller's personal model (services/personal-models.ts),
 * else the champion of the collective model they follow (services/collective-models.ts), else a challenger by its traffic share (sticky per caller), else the champion.
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

export type Variant = 'champion' | 'challenger' | 'pinned' | 'personal';

export interface Resolution {
  /** the model asked for (a collective model's champion may answer for it) */
  modelId: number;
  version: ServedVersion;
  variant: Variant;
  scope: ModelScope;
  /** The caller's correction of `version` (the champion), when a personal model answers. */
  personal?: PersonalModel;
}

/** Who asks: a users-permissions user may have a personal model; `key` makes challenger draws sticky. */
export interface Caller {
  key?: string | null;
  userId?: number | null;
}

/** The caller's stable point in [0, 1) for one model: the same caller lands on the same variant. */
export function stickyDraw(key: string, slug: string): number {
  return createHash('sha256').update(`${slug}|${key}`).digest().readUInt32BE(0) / 2 ** 32;
}

interface Route {
  champion: ServedVersion | null;
  challengers: ServedVersion[];
}

type VersionRow = {
  number: number;
  stage: VersionStatus;
  artifactHash: string;
  trafficShare: number | string | null;
  signature: { classLabels?: string[] } | null;
  model: { id: number; slug: string; scope: ModelScope } | null;
};

const VERSION_FIELDS = ['number', 'stage', 'artifactHash', 'trafficShare', 'signature'];

function toServed(row: VersionRow): ServedVersion {
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

const createRoutingService = ({ strapi }: { strapi: Core.Strapi }) => {
  let table = new Map<string, Route>();
  let revision = -1;
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;
  let refreshing: Promise<void> | null = null;
  let nextRefresh: Promise<void> | null = null;
  let listener: PgListener | null = null;

  async function readRevision(): Promise<number> {
    const row = await strapi.db.connection('mm_routing_state').where({ id: 1 }).first('revision');
    return Number(row?.revision ?? 0);
  }

  async function buildTable(): Promise<Map<string, Route>> {
    const rows = (await strapi.db.query(UIDS.version).findMany({
      where: { stage: { $in: ['production', 'challenger'] } },
      select: VERSION_FIELDS,
      populate: { model: { select: ['id', 'slug', 'scope'] } },
    })) as VersionRow[];
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

  const servedHashes = (routes: Map<string, Route>) =>
    new Set(
      (
        [...routes.values()]
          .flatMap((r) => [r.champion, ...r.challengers])
          .filter(Boolean) as ServedVersion[]
      ).map((v) => v.hash)
    );

  async function reload() {
    const seen = await readRevision();
    const next = await buildTable();
    // Load what newly serves before the swap, so the first request after a promotion is not a
    // cold one; only new hashes, one at a time, and no more than the cache holds.
    const before = servedHashes(table);
    const fresh = [...servedHashes(next)]
      .filter((hash) => !before.has(hash))
      .slice(0, pluginConfig(strapi).sessionCache.maxSessions);
    const runtime = getService(strapi, 'runtime');
    for (const hash of fresh) {
      await runtime
        .warm([hash])
        .catch((error: Error) =>
          strapi.log.error(`[model-manager] could not preload ${hash}: ${error.message}`)
        );
    }
    table = next;
    revision = seen;
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

    /** Starts following the revision (poll, and LISTEN on PostgreSQL); production sessions are loaded by the first refresh. */
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

    /** The champion serving a model now (from this instance's table), or null. */
    champion: (slug: string): ServedVersion | null => table.get(slug)?.champion ?? null,

    /**
     * The version that answers: a pinned one; else (unless `global`) the caller's personal model,
     * else the champion of the collective model they follow; else a challenger by its traffic
     * share, drawn from the caller's hash; else the champion.
     */
    async resolve(
      slug: string,
      options: { version?: number; mayReadAll: boolean; caller?: Caller; global?: boolean }
    ): Promise<Resolution> {
      if (options.version !== undefined) {
        const version = await this.pinned(slug, options.version, options.mayReadAll);
        return { modelId: version.modelId, version, variant: 'pinned', scope: version.scope };
      }
      const route = table.get(slug);
      if (!route?.champion) {
        await getService(strapi, 'models').requireModel(slug); // 404 when the model itself is unknown
        throw conflict(
          `Model "${slug}" has no production version yet: promote an approved version first.`,
          { slug }
        );
      }
      const { champion } = route;
      const userId = options.caller?.userId;
      if (userId && !options.global) {
        const personal = await getService(strapi, 'personal-models').forPredict(
          champion.modelId,
          userId,
          champion.classLabels.length
        );
        if (personal)
          return {
            modelId: champion.modelId,
            version: champion,
            variant: 'personal',
            scope: 'personal',
            personal,
          };
        const followed = await getService(strapi, 'collective-models').followedBy(
          champion.modelId,
          userId
        );
        const collective = followed ? table.get(followed)?.champion : null;
        if (collective)
          return {
            modelId: champion.modelId,
            version: collective,
            variant: 'champion',
            scope: 'collective',
          };
      }
      // no draw (a sha256) for a model without challengers
      let draw = !route.challengers.length
        ? 0
        : options.caller?.key
          ? stickyDraw(options.caller.key, slug)
          : Math.random();
      for (const challenger of route.challengers) {
        if (draw < challenger.trafficShare)
          return {
            modelId: champion.modelId,
            version: challenger,
            variant: 'challenger',
            scope: challenger.scope,
          };
        draw -= challenger.trafficShare;
      }
      return {
        modelId: champion.modelId,
        version: champion,
        variant: 'champion',
        scope: champion.scope,
      };
    },

    async pinned(slug: string, number: number, mayReadAll: boolean): Promise<ServedVersion> {
      const row = (await strapi.db.query(UIDS.version).findOne({
        where: { number, model: { slug } },
        select: VERSION_FIELDS,
        populate: { model: { select: ['id', 'slug', 'scope'] } },
      })) as VersionRow | null;
      if (!row) {
        await getService(strapi, 'models').requireModel(slug);
        throw new errors.NotFoundError(`Model "${slug}" has no version ${number}`, {
          slug,
          version: number,
        });
      }
      if (!mayReadAll && !SERVABLE_STATUSES.includes(row.stage)) {
        // Unreviewed versions stay invisible to callers without the read permission.
        throw new errors.NotFoundError(`Model "${slug}" has no version ${number} you may use`, {
          slug,
          version: number,
        });
      }
      return toServed(row);
    },
  };
};

export type RoutingService = ReturnType<typeof createRoutingService>;
export default createRoutingService;
