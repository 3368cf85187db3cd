import type { Knex } from 'knex';

/**
 * Strapi's `unique` is checked by the application, which two concurrent requests can both pass;
 * these indexes make the database the judge. On tables Strapi creates from the content types, so
 * after its schema sync; idempotent, so every instance may run them at boot.
 */
export async function up(knex: Knex) {
  await knex.raw('CREATE UNIQUE INDEX IF NOT EXISTS mm_models_slug_unique ON mm_models (slug)');
  await knex.raw(
    'CREATE UNIQUE INDEX IF NOT EXISTS mm_feedbacks_dedupe_unique ON mm_feedbacks (dedupe_key)'
  );
  await knex.raw('CREATE INDEX IF NOT EXISTS mm_feedbacks_dataset_idx ON mm_feedbacks (dataset)');
}
