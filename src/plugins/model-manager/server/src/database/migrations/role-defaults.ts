import type { Knex } from 'knex';

/**
 * Role defaults of the model-manager plugin: mm_role_defaults says which collective model the
 * readers of a users-permissions role follow for a base model when they chose none themselves
 * (mm_reader_follows, their own setting, wins). One row per role and base model.
 * Times are epoch milliseconds, as in the governance tables.
 */
export async function up(knex: Knex) {
  if (await knex.schema.hasTable('mm_role_defaults')) return;
  await knex.schema.createTable('mm_role_defaults', (t) => {
    t.integer('role_id').notNullable();
    t.integer('model_id').notNullable();
    t.integer('collective_model_id').notNullable();
    t.bigInteger('at_ms').notNullable();
    t.primary(['role_id', 'model_id']);
  });
}

export async function down(knex: Knex) {
  await knex.schema.dropTableIfExists('mm_role_defaults');
}
