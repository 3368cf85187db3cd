import type { Knex } from 'knex';

/**
 * Tables the model-manager plugin needs beyond its content types:
 * - mm_artifacts / mm_artifact_chunks: ONNX bytes addressed by sha256, in chunks so that neither
 *   store nor fetch needs one huge row; written in the same transaction as the version.
 * - mm_routing_state: one row whose revision every instance polls to notice a promotion.
 * Idempotent (IF NOT EXISTS), because several instances may boot against one database at once.
 */
export async function up(knex: Knex) {
  if (!(await knex.schema.hasTable('mm_artifacts'))) {
    await knex.schema.createTable('mm_artifacts', (t) => {
      t.string('hash', 64).primary();
      t.bigInteger('size').notNullable();
      t.integer('chunk_count').notNullable();
      t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
    });
  }
  if (!(await knex.schema.hasTable('mm_artifact_chunks'))) {
    await knex.schema.createTable('mm_artifact_chunks', (t) => {
      t.string('hash', 64).notNullable();
      t.integer('seq').notNullable();
      t.binary('data').notNullable();
      t.primary(['hash', 'seq']);
    });
  }
  if (!(await knex.schema.hasTable('mm_routing_state'))) {
    await knex.schema.createTable('mm_routing_state', (t) => {
      t.integer('id').primary();
      t.bigInteger('revision').notNullable().defaultTo(0);
      t.timestamp('updated_at').notNullable().defaultTo(knex.fn.now());
    });
    await knex('mm_routing_state').insert({ id: 1, revision: 0 });
  }
}

export async function down(knex: Knex) {
  await knex.schema.dropTableIfExists('mm_artifact_chunks');
  await knex.schema.dropTableIfExists('mm_artifacts');
  await knex.schema.dropTableIfExists('mm_routing_state');
}
