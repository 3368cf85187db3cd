import { z } from '@strapi/utils';
import type { Knex } from 'knex';
import { int, num, parseRows } from './rows';

/** mm_prediction_outcomes: a reader's latest prediction per subject and variant, and its label once given. */
export const OUTCOMES = 'mm_prediction_outcomes';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Surplus rows of one reader deleted per write (a reader gains one row per prediction). */
const PRUNE_SLICE = 500;

const accountRow = z.object({
  variant: z.string(),
  served: z.string(),
  caller_key: z.string(),
  labelled: num,
  correct: num,
});
/** One reader's labelled predictions of one variant and served version, counted by the database. */
export type AccountRow = z.infer<typeof accountRow>;

/** Per-reader counts of a model's labelled predictions, `pageSize` at a time (never every row at once). */
export async function accountRows(
  db: Knex,
  modelId: number,
  pageSize: number
): Promise<AccountRow[]> {
  const all: AccountRow[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const rows: unknown = await db(OUTCOMES)
      .where({ model_id: modelId })
      .whereNotNull('outcome_label')
      .groupBy('variant', 'served', 'caller_key')
      .orderBy([{ column: 'variant' }, { column: 'served' }, { column: 'caller_key' }])
      .select('variant', 'served', 'caller_key')
      .count({ labelled: '*' })
      .sum({ correct: db.raw('case when predicted_label = outcome_label then 1 else 0 end') })
      .limit(pageSize)
      .offset(offset);
    const page = parseRows(accountRow, rows);
    all.push(...page);
    if (page.length < pageSize) return all;
  }
}

/** Drops a reader's rows of a model older than `maxAgeDays`, then those past their newest `maxPerReader`. */
export async function pruneReader(
  db: Knex,
  modelId: number,
  callerKey: string,
  bounds: { maxPerReader: number; maxAgeDays: number }
): Promise<void> {
  const mine = () => db(OUTCOMES).where({ model_id: modelId, caller_key: callerKey });
  await mine()
    .where('predicted_at_ms', '<', Date.now() - bounds.maxAgeDays * DAY_MS)
    .delete();
  const surplus: unknown = await mine()
    .orderBy([
      { column: 'predicted_at_ms', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .offset(bounds.maxPerReader)
    .limit(PRUNE_SLICE)
    .select('id');
  const ids = parseRows(z.object({ id: int }), surplus).map((r) => r.id);
  if (ids.length) await db(OUTCOMES).whereIn('id', ids).delete();
}

/** Drops every row older than `maxAgeDays`; how many went. */
export async function pruneOld(db: Knex, maxAgeDays: number): Promise<number> {
  return db(OUTCOMES)
    .where('predicted_at_ms', '<', Date.now() - maxAgeDays * DAY_MS)
    .delete();
}

const labelledRow = z.object({
  predicted_label: z.string(),
  outcome_label: z.string(),
  predicted_at_ms: num,
});

/** A model's labelled predictions (champion and challengers, not the shadow) from `since` (ms) on. */
export async function labelledSince(db: Knex, modelId: number, since: number) {
  const rows: unknown = await db(OUTCOMES)
    .where({ model_id: modelId })
    .whereNot({ variant: 'shadow' })
    .whereNotNull('outcome_label')
    .where('predicted_at_ms', '>=', since)
    .select('predicted_label', 'outcome_label', 'predicted_at_ms');
  return parseRows(labelledRow, rows);
}
