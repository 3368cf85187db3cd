import type { Core } from '@strapi/strapi';
import type { ModelScope } from '../../../../shared/constants';
import { isPersonKey } from '../../principals';
import { sha256Bytes } from '../../utils/digest';
import { conflict } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import type { ServedPersonal } from '../readers/personal-models';
import type { ServedVersion } from './routing-table';

export type { ServedVersion } from './routing-table';

/**
 * Which version answers a request, from this instance's routing table (services/serving/routing-table.ts):
 * a pinned version, else the caller's personal model (services/readers/personal-models.ts), else the
 * champion of the collective model they follow (services/readers/collective-models.ts), else a challenger
 * by its traffic share (sticky per caller), else the champion.
 */
export type Variant = 'champion' | 'challenger' | 'pinned' | 'personal';

export interface Resolution {
  /** the model asked for (a collective model's champion may answer for it) */
  modelId: number;
  version: ServedVersion;
  variant: Variant;
  scope: ModelScope;
  /** The caller's correction of `version` (the champion), when a personal model answers. */
  personal?: ServedPersonal;
}

/** Who asks: a users-permissions user may have a personal model; `key` makes challenger draws sticky. */
export interface Caller {
  key?: string | null;
  userId?: number | null;
}

/** The caller's stable point in [0, 1) for one model: the same caller lands on the same variant. */
export function stickyDraw(key: string, slug: string): number {
  return sha256Bytes(`${slug}|${key}`).readUInt32BE(0) / 2 ** 32;
}

const createRoutingService = ({ strapi }: { strapi: Core.Strapi }) => ({
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
      const version = await getService(strapi, 'routing-table').pinned(
        slug,
        options.version,
        options.mayReadAll
      );
      return { modelId: version.modelId, version, variant: 'pinned', scope: version.scope };
    }
    const route = getService(strapi, 'routing-table').route(slug);
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
      const personal = await getService(strapi, 'personal-models').forPredict(userId, champion);
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
      const collective = followed ? getService(strapi, 'routing-table').champion(followed) : null;
      if (collective)
        return {
          modelId: champion.modelId,
          version: collective,
          variant: 'champion',
          scope: 'collective',
        };
    }
    // no draw (a sha256) for a model without challengers; sticky for a person, fresh for others
    const key = options.caller?.key;
    let draw = !route.challengers.length
      ? 0
      : key && isPersonKey(key)
        ? stickyDraw(key, slug)
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
});

export type RoutingService = ReturnType<typeof createRoutingService>;
export default createRoutingService;
