import type { Core } from '@strapi/strapi';
import { z } from '@strapi/utils';
import type { Knex } from 'knex';
import { UIDS } from '../../../../shared/constants';
import { instant, int, parseRow, parseRows } from './rows';

/** mm_training_runs (content-types/training-run.ts) as the run queue reads it, every row parsed. */
export const RUNS = 'mm_training_runs';

const modelRef = z.object({ id: int }).nullish();
const queuedRun = z.object({ id: int, documentId: z.string(), logs: z.unknown(), model: modelRef });
const staleRun = z.object({
  id: int,
  document_id: z.string(),
  claimed_by: z.string().nullable(),
  logs: z.unknown(),
});
const lastRunRow = z.object({
  status: z.string(),
  createdAt: instant,
  parameters: z.record(z.string(), z.unknown()).nullable(),
});

/** The oldest `limit` queued runs with their model (null once the model is gone). */
export async function queuedRuns(strapi: Core.Strapi, limit: number) {
  const rows = await strapi.db.query(UIDS.trainingRun).findMany({
    where: { status: 'queued' },
    select: ['id', 'documentId', 'logs'],
    populate: { model: { select: ['id'] } },
    orderBy: { id: 'asc' },
    limit,
  });
  return parseRows(queuedRun, rows);
}

/** The models of the runs running now (one per run; undefined once a model is gone). */
export async function runningModelIds(strapi: Core.Strapi) {
  const rows = await strapi.db.query(UIDS.trainingRun).findMany({
    where: { status: 'running' },
    select: ['id'],
    populate: { model: { select: ['id'] } },
  });
  return parseRows(z.object({ model: modelRef }), rows).map((r) => r.model?.id);
}

/** Running runs whose lease `expired` selects, straight from the table. */
export async function expiredRuns(db: Knex, expired: (q: Knex.QueryBuilder) => Knex.QueryBuilder) {
  const rows = await db(RUNS)
    .where({ status: 'running' })
    .andWhere(expired)
    .select('id', 'document_id', 'claimed_by', 'logs');
  return parseRows(staleRun, rows);
}

/** A model's newest run (its status, when it was queued and with what parameters), or null. */
export async function lastRunOf(strapi: Core.Strapi, modelId: number) {
  const row = await strapi.db.query(UIDS.trainingRun).findOne({
    where: { model: { id: modelId } },
    select: ['id', 'status', 'createdAt', 'parameters'],
    orderBy: { id: 'desc' },
  });
  return parseRow(lastRunRow, row);
}
