import type { Core } from '@strapi/strapi';
import { z } from '@strapi/utils';
import type { Knex } from 'knex';
import { int, parseRow, parseRows } from './rows';
import { artifactHashesOf } from './versions';

/** mm_shadows (database/migrations/personal.ts): the shadow version of a model, by number. */
export const SHADOWS = 'mm_shadows';

const shadow = z.object({ model_id: int, version_number: int });

/** The artifacts of every model's shadow version (a shadow is not in the routing table). */
export async function shadowHashes(strapi: Core.Strapi): Promise<string[]> {
  const rows: unknown = await strapi.db.connection(SHADOWS).select('model_id', 'version_number');
  const shadows = parseRows(shadow, rows);
  if (!shadows.length) return [];
  return artifactHashesOf(
    strapi,
    shadows.map((s) => ({ modelId: s.model_id, number: s.version_number }))
  );
}

/** The number of a model's shadow version, or null when it has none. */
export async function shadowVersionOf(db: Knex, modelId: number) {
  const row: unknown = await db(SHADOWS).where({ model_id: modelId }).first('version_number');
  return parseRow(shadow.pick({ version_number: true }), row)?.version_number ?? null;
}
