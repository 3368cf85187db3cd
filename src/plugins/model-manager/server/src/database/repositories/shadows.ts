import type { Core } from '@strapi/strapi';
import { UIDS } from '../../../../shared/constants';

/** mm_shadows (database/migrations/personal.ts): the shadow version of a model, by number. */
export const SHADOWS = 'mm_shadows';

/** The artifacts of every model's shadow version (a shadow is not in the routing table). */
export async function shadowHashes(strapi: Core.Strapi): Promise<string[]> {
  const rows = (await strapi.db.connection(SHADOWS).select('model_id', 'version_number')) as Array<{
    model_id: number;
    version_number: number;
  }>;
  if (!rows.length) return [];
  const versions = (await strapi.db.query(UIDS.version).findMany({
    where: { $or: rows.map((r) => ({ number: r.version_number, model: { id: r.model_id } })) },
    select: ['artifactHash'],
  })) as Array<{ artifactHash: string }>;
  return versions.map((v) => v.artifactHash);
}
