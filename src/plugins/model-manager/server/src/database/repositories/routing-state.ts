import { z } from '@strapi/utils';
import type { Knex } from 'knex';
import { num, parseRow } from './rows';

/**
 * mm_routing_state (database/migrations/artifacts.ts): one row whose revision every instance
 * polls to notice a change of what serves (on PostgreSQL, its update also NOTIFYs).
 */
const TABLE = 'mm_routing_state';

/** The revision now (0 before the row exists). */
export async function routingRevision(db: Knex): Promise<number> {
  const row = parseRow(
    z.object({ revision: num }),
    await db(TABLE).where({ id: 1 }).first('revision')
  );
  return row?.revision ?? 0;
}

/** Bumps the revision, inside the transaction that changed what serves. */
export async function bumpRoutingRevision(trx: Knex) {
  await trx(TABLE).where({ id: 1 }).increment('revision', 1).update({ updated_at: new Date() });
}
