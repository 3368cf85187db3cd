import type { Knex } from 'knex';

/**
 * Governance tables of the model-manager plugin:
 * - mm_deployments: append-only history of what served when (a champion or challenger starting or
 *   stopping). `rollback_to` is the champion deployment a rollback of this one restores, so
 *   repeated rollbacks walk back through what really served.
 * - mm_champions: one row per model (primary key), naming its production version. A version's
 *   link to its model lives in a join table in Strapi 5, so a partial unique index on the version
 *   table cannot see the model; this table makes "two champions" a key violation instead, and the
 *   registry writes it in the promotion's transaction, conditionally on the champion it judged.
 * - mm_token_creators: which admin created a content-API token (Strapi keeps no owner for them),
 *   so four-eyes compares people, not credentials.
 * Times are epoch milliseconds: the same type and comparisons on SQLite and PostgreSQL.
 */
export async function up(knex: Knex) {
  if (!(await knex.schema.hasTable('mm_deployments'))) {
    await knex.schema.createTable('mm_deployments', (t) => {
      t.increments('id').primary();
      t.integer('model_id').notNullable();
      t.integer('version_id').notNullable();
      t.integer('version_number').notNullable();
      t.string('role', 16).notNullable(); // champion | challenger
      t.string('event', 16).notNullable(); // start | stop
      t.string('cause', 16).notNullable(); // promote | rollback | challenge | archive
      t.float('traffic_share').nullable();
      t.integer('rollback_to').nullable();
      t.text('actor').nullable();
      t.bigInteger('at_ms').notNullable();
      t.index(['model_id', 'at_ms'], 'mm_deployments_model_at_idx');
    });
  }
  if (!(await knex.schema.hasTable('mm_champions'))) {
    await knex.schema.createTable('mm_champions', (t) => {
      t.integer('model_id').primary();
      t.integer('version_id').notNullable().unique();
      t.integer('deployment_id').notNullable();
    });
  }
  if (!(await knex.schema.hasTable('mm_token_creators'))) {
    await knex.schema.createTable('mm_token_creators', (t) => {
      t.integer('token_id').primary();
      t.integer('admin_id').notNullable();
      t.bigInteger('at_ms').notNullable();
    });
  }
  await backfillChampions(knex);
}

/** A database from before this migration: its production versions become the first deployments. */
async function backfillChampions(knex: Knex) {
  const link = 'mm_model_versions_model_lnk';
  if (!(await knex.schema.hasTable('mm_model_versions')) || !(await knex.schema.hasTable(link)))
    return;
  const rows = await knex('mm_model_versions as v')
    .join(`${link} as l`, 'l.model_version_id', 'v.id')
    .where('v.status', 'production')
    .select('v.id as versionId', 'v.number as number', 'l.model_id as modelId');
  for (const row of rows) {
    if (await knex('mm_champions').where({ model_id: row.modelId }).first('model_id')) continue;
    const [inserted] = await knex('mm_deployments')
      .insert({
        model_id: row.modelId,
        version_id: row.versionId,
        version_number: row.number,
        role: 'champion',
        event: 'start',
        cause: 'promote',
        at_ms: Date.now(),
      })
      .returning('id');
    const deploymentId = typeof inserted === 'object' ? inserted.id : inserted;
    await knex('mm_champions').insert({
      model_id: row.modelId,
      version_id: row.versionId,
      deployment_id: deploymentId,
    });
  }
}

export async function down(knex: Knex) {
  await knex.schema.dropTableIfExists('mm_champions');
  await knex.schema.dropTableIfExists('mm_deployments');
  await knex.schema.dropTableIfExists('mm_token_creators');
}
