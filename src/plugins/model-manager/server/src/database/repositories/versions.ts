import type { Core } from '@strapi/strapi';
import { z } from '@strapi/utils';
import { MODEL_SCOPES, UIDS, VERSION_STATUSES } from '../../../../shared/constants';
import { int, nullableNumber, parseRow, parseRows } from './rows';

/** mm_model_versions (content-types/model-version.ts) as the services read it, every row parsed. */
const query = (strapi: Core.Strapi) => strapi.db.query(UIDS.version);

const routedVersion = z.object({
  number: int,
  stage: z.enum(VERSION_STATUSES),
  artifactHash: z.string(),
  trafficShare: nullableNumber,
  signature: z.object({ classLabels: z.array(z.string()).optional() }).nullable(),
  model: z.object({ id: int, slug: z.string(), scope: z.enum(MODEL_SCOPES) }).nullish(),
});
/** A version as the routing table serves it, with its model (null once the model is gone). */
export type RoutedVersion = z.infer<typeof routedVersion>;
const routed = {
  select: ['number', 'stage', 'artifactHash', 'trafficShare', 'signature'],
  populate: { model: { select: ['id', 'slug', 'scope'] } },
};
const artifact = z.object({ artifactHash: z.string() });

/** Every version in one of these stages, with its model. */
export async function versionsInStages(strapi: Core.Strapi, stages: readonly string[]) {
  const rows = await query(strapi).findMany({ where: { stage: { $in: stages } }, ...routed });
  return parseRows(routedVersion, rows);
}

/** A model's version by number, with its model, or null. */
export async function versionByNumber(strapi: Core.Strapi, slug: string, number: number) {
  const row = await query(strapi).findOne({ where: { number, model: { slug } }, ...routed });
  return parseRow(routedVersion, row);
}

/** The artifact of a version by id (null when the version is gone). */
export async function artifactHashOf(strapi: Core.Strapi, id: number) {
  const row = await query(strapi).findOne({ where: { id }, select: ['artifactHash'] });
  return parseRow(artifact, row)?.artifactHash ?? null;
}

/** The artifacts of these versions, named by model id and number. */
export async function artifactHashesOf(
  strapi: Core.Strapi,
  versions: Array<{ modelId: number; number: number }>
) {
  const rows = await query(strapi).findMany({
    where: { $or: versions.map((v) => ({ number: v.number, model: { id: v.modelId } })) },
    select: ['artifactHash'],
  });
  return parseRows(artifact, rows).map((r) => r.artifactHash);
}

/** The stage of a version by id (null when the version is gone). */
export async function stageOf(strapi: Core.Strapi, id: number) {
  const row = await query(strapi).findOne({ where: { id }, select: ['stage'] });
  return parseRow(z.object({ stage: z.enum(VERSION_STATUSES) }), row)?.stage ?? null;
}
