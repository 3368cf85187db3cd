import type { Knex } from 'knex';

/**
 * Personal models of the model-manager plugin:
 * - mm_personal_models: one row per reader (users-permissions user) and model: the reader's
 *   correction of the model's champion (JSON, ml/personal-correction.ts), its label count and a
 *   revision that every update bumps (instances compare it to their cached copy; writers update
 *   conditionally on it, so two concurrent labels never lose one another).
 * - mm_personal_updates: what each label changed (the few tokens that moved most, the bias),
 *   kept to the last `personal.keptUpdates` per reader; a reset removes them with the model.
 * - mm_reader_follows: which collective model a reader follows for a base model (their setting;
 *   routing answers from its champion after their personal model).
 * - mm_prediction_outcomes: a reader's latest prediction per subject and variant (shadow included),
 *   and the label they later gave it: per-variant accuracy (services/serving/outcomes.ts).
 * - mm_shadows: the version scored beside each request of a model, logged, never returned.
 * Times are epoch milliseconds, as in the governance tables.
 */
export async function up(knex: Knex) {
  if (!(await knex.schema.hasTable('mm_personal_models'))) {
    await knex.schema.createTable('mm_personal_models', (t) => {
      t.increments('id').primary();
      t.integer('model_id').notNullable();
      t.integer('user_id').notNullable();
      t.integer('labels').notNullable().defaultTo(0);
      t.integer('revision').notNullable().defaultTo(0);
      t.text('weights').notNullable();
      t.bigInteger('created_at_ms').notNullable();
      t.bigInteger('updated_at_ms').notNullable();
      t.unique(['model_id', 'user_id'], { indexName: 'mm_personal_models_reader_unique' });
    });
  }
  if (!(await knex.schema.hasTable('mm_personal_updates'))) {
    await knex.schema.createTable('mm_personal_updates', (t) => {
      t.increments('id').primary();
      t.integer('model_id').notNullable();
      t.integer('user_id').notNullable();
      t.string('feedback_document_id', 64).nullable();
      t.string('label', 255).notNullable();
      t.text('changes').notNullable();
      t.bigInteger('at_ms').notNullable();
      t.index(['model_id', 'user_id', 'id'], 'mm_personal_updates_reader_idx');
    });
  }
  if (!(await knex.schema.hasTable('mm_reader_follows'))) {
    await knex.schema.createTable('mm_reader_follows', (t) => {
      t.integer('user_id').notNullable();
      t.integer('model_id').notNullable();
      t.integer('collective_model_id').notNullable();
      t.bigInteger('at_ms').notNullable();
      t.primary(['user_id', 'model_id']);
    });
  }
  if (!(await knex.schema.hasTable('mm_prediction_outcomes'))) {
    await knex.schema.createTable('mm_prediction_outcomes', (t) => {
      t.increments('id').primary();
      t.integer('model_id').notNullable();
      t.string('caller_key', 64).notNullable();
      t.string('subject_key', 128).notNullable();
      t.string('variant', 16).notNullable();
      t.string('scope', 16).notNullable();
      t.string('served', 128).notNullable();
      t.string('predicted_label', 255).notNullable();
      t.string('outcome_label', 255).nullable();
      t.bigInteger('predicted_at_ms').notNullable();
      t.bigInteger('labelled_at_ms').nullable();
      t.unique(['model_id', 'caller_key', 'subject_key', 'variant'], {
        indexName: 'mm_prediction_outcomes_unique',
      });
    });
  }
  if (!(await knex.schema.hasTable('mm_shadows'))) {
    await knex.schema.createTable('mm_shadows', (t) => {
      t.integer('model_id').primary();
      t.integer('version_number').notNullable();
      t.bigInteger('at_ms').notNullable();
    });
  }
}

export async function down(knex: Knex) {
  await knex.schema.dropTableIfExists('mm_shadows');
  await knex.schema.dropTableIfExists('mm_prediction_outcomes');
  await knex.schema.dropTableIfExists('mm_reader_follows');
  await knex.schema.dropTableIfExists('mm_personal_updates');
  await knex.schema.dropTableIfExists('mm_personal_models');
}
