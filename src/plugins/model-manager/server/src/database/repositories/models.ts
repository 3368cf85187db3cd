import type { Core } from '@strapi/strapi';
import { z } from '@strapi/utils';
import { UIDS } from '../../../../shared/constants';
import { int, parseRows } from './rows';

/** mm_models (content-types/model.ts) as the services read it through the query engine, parsed. */
const collective = z.object({ members: z.array(z.object({ id: int })).optional() });

/** User ids of the members of every collective model over `baseId` (one per membership). */
export async function membersOfCollectivesOver(strapi: Core.Strapi, baseId: number) {
  const rows = await strapi.db.query(UIDS.model).findMany({
    where: { baseModel: { id: baseId }, scope: 'collective' },
    select: ['id'],
    populate: { members: { select: ['id'] } },
  });
  return parseRows(collective, rows).flatMap((c) => (c.members ?? []).map((m) => m.id));
}
