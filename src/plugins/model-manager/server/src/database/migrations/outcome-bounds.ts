import type { Knex } from 'knex';

const TABLE = 'mm_prediction_outcomes';
const READER_AGE = 'mm_prediction_outcomes_reader_age';
const AGE = 'mm_prediction_outcomes_age';

/**
 * Prediction outcomes are bounded by age and count per reader (services/serving/outcomes.ts): a reader's
 * newest rows are found through (model, caller, time), and the sweep of old rows through time.
 */
export async function up(knex: Knex) {
  if (!(await knex.schema.hasTable(TABLE))) return;
  await knex.schema.alterTable(TABLE, (t) => {
    t.index(['model_id', 'caller_key', 'predicted_at_ms'], READER_AGE);
    t.index(['predicted_at_ms'], AGE);
  });
}

export async function down(knex: Knex) {
  await knex.schema.alterTable(TABLE, (t) => {
    t.dropIndex(['model_id', 'caller_key', 'predicted_at_ms'], READER_AGE);
    t.dropIndex(['predicted_at_ms'], AGE);
  });
}
