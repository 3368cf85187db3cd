import type { Knex } from 'knex';

/** Versions stored before they had a title get one ("spam v3"); a no-op once every version has one. */
export async function up(knex: Knex) {
  await knex.raw(`
    UPDATE mm_model_versions SET title = (
      SELECT m.slug FROM mm_model_versions_model_lnk l JOIN mm_models m ON m.id = l.model_id WHERE l.model_version_id = mm_model_versions.id
    ) || ' v' || CAST(number AS VARCHAR(12))
    WHERE title IS NULL`);
}
