import type { Knex } from 'knex';

/**
 * Retraining policies and the shadow's agreement:
 * - mm_retrain_policies: a model's policy (JSON), who set it and when.
 * - mm_retrain_decisions: what a policy decided: a run queued, or why not (decided under a lock
 *   of the model's row, so two instances that see a trigger at once queue one run between them).
 * - mm_monitor_days gains the shadow version's scored and agreeing answers per instance and day.
 */
export async function up(knex: Knex) {
  if (!(await knex.schema.hasTable('mm_retrain_policies'))) {
    await knex.schema.createTable('mm_retrain_policies', (t) => {
      t.integer('model_id').primary();
      t.text('policy').notNullable();
      t.string('updated_by', 255);
      t.bigInteger('updated_at_ms').notNullable();
    });
  }
  if (!(await knex.schema.hasTable('mm_retrain_decisions'))) {
    await knex.schema.createTable('mm_retrain_decisions', (t) => {
      t.increments('id').primary();
      t.integer('model_id').notNullable();
      t.string('trigger', 16).notNullable();
      t.string('outcome', 16).notNullable();
      t.text('detail').notNullable();
      t.string('run_document_id', 64);
      t.bigInteger('at_ms').notNullable();
      t.index(['model_id', 'at_ms'], 'mm_retrain_decisions_model');
    });
  }
  for (const column of ['shadow_scored', 'shadow_agreed']) {
    if (!(await knex.schema.hasColumn('mm_monitor_days', column)))
      await knex.schema.alterTable('mm_monitor_days', (t) => {
        t.integer(column).notNullable().defaultTo(0);
      });
  }
}

export async function down(knex: Knex) {
  await knex.schema.dropTableIfExists('mm_retrain_decisions');
  await knex.schema.dropTableIfExists('mm_retrain_policies');
}
