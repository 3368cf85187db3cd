import { z } from '@strapi/utils';
import type { Knex } from 'knex';
import { RETRAINING_OUTCOMES, RETRAINING_TRIGGERS } from '../../../../shared/contracts/retraining';
import { int, num, parseRow, parseRows } from './rows';

/**
 * mm_retrain_policies and mm_retrain_decisions (database/migrations/retraining.ts), read and
 * written here only, every row parsed. Each function takes the connection or the caller's
 * transaction: a decision is recorded under the model's row lock.
 */
const POLICIES = 'mm_retrain_policies';
const DECISIONS = 'mm_retrain_decisions';

/** A policy column as stored: JSON of the fields set, merged over the defaults by the service. */
const policyJson = z.string().transform((text): Record<string, unknown> => JSON.parse(text));
const policyRow = z.object({ model_id: int, policy: policyJson, updated_at_ms: num });
export type PolicyRow = z.infer<typeof policyRow>;

const decisionRow = z.object({
  trigger: z.enum(RETRAINING_TRIGGERS),
  outcome: z.enum(RETRAINING_OUTCOMES),
  detail: z.string(),
  run_document_id: z.string().nullable(),
  at_ms: num,
});
export type DecisionRow = z.infer<typeof decisionRow>;

/** A model's policy row, or null when none was ever set. */
export async function policyOf(db: Knex, modelId: number): Promise<PolicyRow | null> {
  return parseRow(policyRow, await db(POLICIES).where({ model_id: modelId }).first());
}

/** Every model's policy (what a sweep walks). */
export async function allPolicies(db: Knex) {
  const rows: unknown = await db(POLICIES).select('model_id', 'policy');
  return parseRows(policyRow.pick({ model_id: true, policy: true }), rows);
}

/** Sets a model's whole policy, by whom and now. */
export async function savePolicy(db: Knex, modelId: number, policy: object, by: string) {
  await db(POLICIES)
    .insert({
      model_id: modelId,
      policy: JSON.stringify(policy),
      updated_by: by,
      updated_at_ms: Date.now(),
    })
    .onConflict('model_id')
    .merge();
}

/** A model's latest `limit` decisions, newest first. */
export async function latestDecisions(
  db: Knex,
  modelId: number,
  limit: number
): Promise<DecisionRow[]> {
  const rows: unknown = await db(DECISIONS)
    .where({ model_id: modelId })
    .orderBy('id', 'desc')
    .limit(limit);
  return parseRows(decisionRow, rows);
}

/** A model's latest decision, or null. */
export async function lastDecision(db: Knex, modelId: number): Promise<DecisionRow | null> {
  const row: unknown = await db(DECISIONS)
    .where({ model_id: modelId })
    .orderBy('id', 'desc')
    .first();
  return parseRow(decisionRow, row);
}

export async function insertDecision(db: Knex, modelId: number, row: DecisionRow) {
  await db(DECISIONS).insert({ model_id: modelId, ...row });
}
