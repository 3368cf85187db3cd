import { z } from '@strapi/utils';
import type { Knex } from 'knex';
import { int, num, parseRow, parseRows } from './rows';

/**
 * mm_personal_models and mm_personal_updates (database/migrations/personal.ts): a reader's
 * correction of a model and its trail of updates, every row read parsed (bigint columns come back
 * from PostgreSQL as strings).
 */
export const PERSONAL_MODELS = 'mm_personal_models';
export const PERSONAL_UPDATES = 'mm_personal_updates';

const summary = z.object({ labels: int, updated_at_ms: num });
const correctionRow = summary.extend({ revision: int, weights: z.string() });
const updateRow = z.object({
  label: z.string(),
  changes: z.string(),
  at_ms: num,
  feedback_document_id: z.string().nullable(),
});
const count = z.object({ n: num });
const reader = (modelId: number, userId: number) => ({ model_id: modelId, user_id: userId });
const readersOf = (db: Knex, modelId: number, minLabels: number) =>
  db(PERSONAL_MODELS).where({ model_id: modelId }).where('labels', '>=', minLabels);

/** The revision of a reader's correction, or null when they have none. */
export async function revisionOf(db: Knex, modelId: number, userId: number) {
  const row: unknown = await db(PERSONAL_MODELS).where(reader(modelId, userId)).first('revision');
  return parseRow(z.object({ revision: int }), row)?.revision ?? null;
}

/** A reader's stored correction (weights serialized), or null. */
export async function correctionOf(db: Knex, modelId: number, userId: number) {
  const row: unknown = await db(PERSONAL_MODELS)
    .where(reader(modelId, userId))
    .first('labels', 'revision', 'weights', 'updated_at_ms');
  return parseRow(correctionRow, row);
}

/** How many labels a reader's correction learnt from and when it was written, or null. */
export async function summaryOf(db: Knex, modelId: number, userId: number) {
  const row: unknown = await db(PERSONAL_MODELS)
    .where(reader(modelId, userId))
    .first('labels', 'updated_at_ms');
  return parseRow(summary, row);
}

/** How many readers of a model have a correction learnt from at least `minLabels` labels. */
export async function countReaders(db: Knex, modelId: number, minLabels: number) {
  const row: unknown = await readersOf(db, modelId, minLabels).count({ n: '*' }).first();
  return parseRow(count, row)?.n ?? 0;
}

/** A page of the user ids of a model's readers with at least one label, by id. */
export async function readerIdsPage(db: Knex, modelId: number, offset: number, limit: number) {
  const rows: unknown = await readersOf(db, modelId, 1)
    .orderBy('user_id', 'asc')
    .offset(offset)
    .limit(limit)
    .select('user_id');
  return parseRows(z.object({ user_id: int }), rows).map((r) => r.user_id);
}

/** A reader's last `limit` updates, newest first. */
export async function updatesOf(db: Knex, modelId: number, userId: number, limit: number) {
  const rows: unknown = await db(PERSONAL_UPDATES)
    .where(reader(modelId, userId))
    .orderBy('id', 'desc')
    .limit(limit);
  return parseRows(updateRow, rows);
}

/** Appends one update to a reader's trail and drops all but its `kept` newest. */
export async function appendUpdate(
  db: Knex,
  row: {
    modelId: number;
    userId: number;
    feedbackDocumentId: string | null;
    label: string;
    changes: unknown;
    atMs: number;
  },
  kept: number
) {
  const { modelId, userId } = row;
  await db(PERSONAL_UPDATES).insert({
    ...reader(modelId, userId),
    feedback_document_id: row.feedbackDocumentId,
    label: row.label,
    changes: JSON.stringify(row.changes),
    at_ms: row.atMs,
  });
  const cutoff: unknown = await db(PERSONAL_UPDATES)
    .where(reader(modelId, userId))
    .orderBy('id', 'desc')
    .offset(kept)
    .first('id');
  const id = parseRow(z.object({ id: int }), cutoff)?.id;
  if (id !== undefined)
    await db(PERSONAL_UPDATES).where(reader(modelId, userId)).where('id', '<=', id).delete();
}

/** A reader's correction and update trail on a model, gone (a reset). */
export async function deleteReader(db: Knex, modelId: number, userId: number) {
  await db(PERSONAL_UPDATES).where(reader(modelId, userId)).delete();
  await db(PERSONAL_MODELS).where(reader(modelId, userId)).delete();
}
