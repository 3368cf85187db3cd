import type { Knex } from 'knex';

/**
 * A model version's lifecycle state moves from the column `status` to `stage`: Strapi 5 reserves
 * `status` for a document's draft/published state, so the Content Manager showed "Published" for
 * a production and an archived version alike. Runs before Strapi's schema sync (user migrations
 * come first), so the sync finds `stage` already there and every version keeps its state.
 * If a sync already added an empty `stage` beside `status` (a boot of the new code that skipped
 * this file), the states are copied over before `status` goes. The REST field stays `status`.
 */
const TABLE = 'mm_model_versions';

export async function up(knex: Knex) {
  if (!(await knex.schema.hasTable(TABLE)) || !(await knex.schema.hasColumn(TABLE, 'status')))
    return;
  if (await knex.schema.hasColumn(TABLE, 'stage')) {
    await knex(TABLE)
      .whereNotNull('status')
      .update({ stage: knex.ref('status') });
    await knex.schema.alterTable(TABLE, (t) => t.dropColumn('status'));
    return;
  }
  await knex.schema.alterTable(TABLE, (t) => t.renameColumn('status', 'stage'));
}

export async function down(knex: Knex) {
  if (!(await knex.schema.hasTable(TABLE)) || !(await knex.schema.hasColumn(TABLE, 'stage')))
    return;
  if (await knex.schema.hasColumn(TABLE, 'status')) return;
  await knex.schema.alterTable(TABLE, (t) => t.renameColumn('stage', 'status'));
}
