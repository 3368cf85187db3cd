import type { Core } from '@strapi/strapi';
import { z } from '@strapi/utils';
import type { Knex } from 'knex';
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

const counterRow = z.object({ version_counter: int });

/**
 * Takes the model's next version number inside the caller's transaction: the increment locks the
 * model's row first, so concurrent uploads of one model queue here and get consecutive numbers.
 */
export async function takeVersionNumber(trx: Knex.Transaction, modelId: number): Promise<number> {
  await trx('mm_models').where({ id: modelId }).increment('version_counter', 1);
  const row: unknown = await trx('mm_models').where({ id: modelId }).first('version_counter');
  return counterRow.parse(row).version_counter;
}

/**
 * Locks the model's row for the rest of the caller's transaction (a write that changes nothing:
 * PostgreSQL holds the row lock, SQLite the database's write lock), so deciders of one model take
 * turns and each sees what the one before it wrote.
 */
export async function lockModelRow(trx: Knex.Transaction, modelId: number): Promise<void> {
  await trx('mm_models')
    .where({ id: modelId })
    .update({ updated_at: trx.ref('updated_at') });
}
