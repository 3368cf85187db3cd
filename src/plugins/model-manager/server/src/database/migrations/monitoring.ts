import type { Knex } from 'knex';

/**
 * Monitoring of served models:
 * - mm_monitor_days: what one instance served of one model on one day (UTC): answers, undecided
 *   ones, answers with no known word, labels and variants, and the token counts of a sample of
 *   the texts (JSON). Each instance writes only its own row, so instances never race; the
 *   cluster's figures are the sum over instances.
 * - mm_monitor_settings: a model's own thresholds (JSON), where it does not take the config's.
 * - mm_monitor_alerts: one row per model, day and crossed threshold; the instance whose insert
 *   wins sends the webhook, so it fires once for the cluster.
 */
export async function up(knex: Knex) {
  if (!(await knex.schema.hasTable('mm_monitor_days'))) {
    await knex.schema.createTable('mm_monitor_days', (t) => {
      t.increments('id').primary();
      t.integer('model_id').notNullable();
      t.string('day', 10).notNullable();
      t.string('instance', 64).notNullable();
      t.integer('served').notNullable().defaultTo(0);
      t.integer('undecided').notNullable().defaultTo(0);
      t.integer('no_evidence').notNullable().defaultTo(0);
      t.integer('sampled').notNullable().defaultTo(0);
      t.text('labels').notNullable();
      t.text('variants').notNullable();
      t.text('tokens').notNullable();
      t.bigInteger('updated_at_ms').notNullable();
      t.unique(['model_id', 'day', 'instance'], { indexName: 'mm_monitor_days_unique' });
    });
  }
  if (!(await knex.schema.hasTable('mm_monitor_settings'))) {
    await knex.schema.createTable('mm_monitor_settings', (t) => {
      t.integer('model_id').primary();
      t.text('thresholds').notNullable();
      t.bigInteger('updated_at_ms').notNullable();
    });
  }
  if (!(await knex.schema.hasTable('mm_monitor_alerts'))) {
    await knex.schema.createTable('mm_monitor_alerts', (t) => {
      t.increments('id').primary();
      t.integer('model_id').notNullable();
      t.string('day', 10).notNullable();
      t.string('metric', 32).notNullable();
      t.float('value').notNullable();
      t.float('threshold').notNullable();
      t.bigInteger('at_ms').notNullable();
      t.unique(['model_id', 'day', 'metric'], { indexName: 'mm_monitor_alerts_unique' });
    });
  }
}

export async function down(knex: Knex) {
  await knex.schema.dropTableIfExists('mm_monitor_alerts');
  await knex.schema.dropTableIfExists('mm_monitor_settings');
  await knex.schema.dropTableIfExists('mm_monitor_days');
}
