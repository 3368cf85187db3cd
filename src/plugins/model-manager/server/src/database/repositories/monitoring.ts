import { z } from '@strapi/utils';
import type { Knex } from 'knex';
import { int, num, parseRow, parseRows } from './rows';

/**
 * mm_monitor_days, mm_monitor_settings and mm_monitor_alerts (database/migrations/monitoring.ts),
 * read and written here only, every row parsed. Each function takes the connection or the
 * caller's transaction (a retraining decision reads alerts under the model's row lock).
 */
const DAYS = 'mm_monitor_days';
const SETTINGS = 'mm_monitor_settings';
const ALERTS = 'mm_monitor_alerts';

/** JSON of label, variant or token counts. */
const counts = z.string().transform((text): Record<string, number> => JSON.parse(text));
/** JSON of the threshold fields a model set. */
const fields = z.string().transform((text): Record<string, unknown> => JSON.parse(text));

const dayCounts = z.object({
  served: int,
  undecided: int,
  no_evidence: int,
  sampled: int,
  shadow_scored: int,
  shadow_agreed: int,
  labels: counts,
  variants: counts,
  tokens: counts,
});
/** What one instance counted of one model on one day, its JSON counts parsed. */
export type DayCounts = z.infer<typeof dayCounts>;
const dayRow = dayCounts.extend({ id: int, day: z.string() });
export type DayRow = z.infer<typeof dayRow>;

const alertRow = z.object({
  day: z.string(),
  metric: z.string(),
  value: num,
  threshold: num,
  at_ms: num,
});
export type AlertRow = z.infer<typeof alertRow>;

const toText = (row: DayCounts) => ({
  ...row,
  labels: JSON.stringify(row.labels),
  variants: JSON.stringify(row.variants),
  tokens: JSON.stringify(row.tokens),
});

/** One instance's row of one model and day, or null before its first write. */
export async function instanceDay(
  db: Knex,
  key: { model_id: number; day: string; instance: string }
): Promise<DayRow | null> {
  return parseRow(dayRow, await db(DAYS).where(key).first());
}

/** Writes one instance's counts of one model and day: over its row (`id`) or as a new one. */
export async function saveInstanceDay(
  db: Knex,
  key: { model_id: number; day: string; instance: string },
  id: number | null,
  row: DayCounts
) {
  const values = { ...toText(row), updated_at_ms: Date.now() };
  if (id !== null) await db(DAYS).where({ id }).update(values);
  else await db(DAYS).insert({ ...key, ...values });
}

/** Every instance's rows of a model from `firstDay` (YYYY-MM-DD) on, by day. */
export async function daysFrom(db: Knex, modelId: number, firstDay: string): Promise<DayRow[]> {
  const rows: unknown = await db(DAYS)
    .where({ model_id: modelId })
    .where('day', '>=', firstDay)
    .orderBy('day');
  return parseRows(dayRow, rows);
}

/** A model's own thresholds (the JSON fields set), or null when it takes the config's. */
export async function thresholdsOf(db: Knex, modelId: number) {
  const row: unknown = await db(SETTINGS).where({ model_id: modelId }).first();
  return parseRow(z.object({ thresholds: fields }), row)?.thresholds ?? null;
}

export async function saveThresholds(db: Knex, modelId: number, thresholds: object) {
  await db(SETTINGS)
    .insert({
      model_id: modelId,
      thresholds: JSON.stringify(thresholds),
      updated_at_ms: Date.now(),
    })
    .onConflict('model_id')
    .merge();
}

/** A model's latest `limit` alerts, newest first. */
export async function latestAlerts(db: Knex, modelId: number, limit: number): Promise<AlertRow[]> {
  const rows: unknown = await db(ALERTS)
    .where({ model_id: modelId })
    .orderBy('at_ms', 'desc')
    .limit(limit);
  return parseRows(alertRow, rows);
}

/** A model's latest alert raised after `since` (ms), or null. */
export async function lastAlertAfter(
  db: Knex,
  modelId: number,
  since: number
): Promise<AlertRow | null> {
  const row: unknown = await db(ALERTS)
    .where({ model_id: modelId })
    .where('at_ms', '>', since)
    .orderBy('at_ms', 'desc')
    .first();
  return parseRow(alertRow, row);
}

/** Records an alert unless the model's day already has one for the figure; whether this one did. */
export async function insertAlert(
  db: Knex,
  modelId: number,
  alert: { day: string; metric: string; value: number | null; threshold: number | null }
): Promise<boolean> {
  const inserted: unknown[] = await db(ALERTS)
    .insert({ model_id: modelId, ...alert, at_ms: Date.now() })
    .onConflict(['model_id', 'day', 'metric'])
    .ignore()
    .returning('id');
  return inserted.length > 0;
}
