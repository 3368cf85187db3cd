import { z } from '@strapi/utils';
import type { Knex } from 'knex';
import { parseRow } from './rows';

/** mm_reader_follows (database/migrations/personal.ts): the collective model a reader follows over a base. */
export const READER_FOLLOWS = 'mm_reader_follows';

/** The slug of the collective model a reader chose on a base model, or null. */
export async function followedSlug(db: Knex, baseId: number, userId: number) {
  const row: unknown = await db(READER_FOLLOWS)
    .join('mm_models as m', 'm.id', `${READER_FOLLOWS}.collective_model_id`)
    .where({ [`${READER_FOLLOWS}.user_id`]: userId, [`${READER_FOLLOWS}.model_id`]: baseId })
    .first('m.slug as slug');
  return parseRow(z.object({ slug: z.string() }), row)?.slug ?? null;
}
