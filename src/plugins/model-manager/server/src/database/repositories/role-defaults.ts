import type { Core } from '@strapi/strapi';
import { z } from '@strapi/utils';
import type { Knex } from 'knex';
import { int, parseRow, parseRows } from './rows';

/**
 * mm_role_defaults (database/migrations/role-defaults.ts), joined to mm_models for the
 * collective's slug, and the users-permissions roles it names; every row read parsed.
 */
export const ROLE_DEFAULTS = 'mm_role_defaults';
const ROLES = 'plugin::users-permissions.role';

/** Strapi's link table between users and their role (named by its metadata, not guessed). */
export interface JoinTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
}

const role = z.object({ id: int, name: z.string() });
const slug = z.object({ slug: z.string() });

/** Every users-permissions role, by id. */
export async function roles(strapi: Core.Strapi) {
  const rows = await strapi.db
    .query(ROLES)
    .findMany({ select: ['id', 'name'], orderBy: { id: 'asc' } });
  return parseRows(role, rows);
}

/** A users-permissions role by id, or null. */
export async function roleById(strapi: Core.Strapi, id: number) {
  const row = await strapi.db.query(ROLES).findOne({ where: { id }, select: ['id', 'name'] });
  return parseRow(role, row);
}

/** The defaults set on a base model: each role with its collective's slug. */
export async function defaultsOn(db: Knex, baseId: number) {
  const rows: unknown = await db(ROLE_DEFAULTS)
    .join('mm_models as m', 'm.id', `${ROLE_DEFAULTS}.collective_model_id`)
    .where({ [`${ROLE_DEFAULTS}.model_id`]: baseId })
    .select(`${ROLE_DEFAULTS}.role_id as role`, 'm.slug as slug');
  return parseRows(z.object({ role: int, slug: z.string() }), rows);
}

/** The slug of the default of a user's role on a base model, or null: one query through the link. */
export async function defaultForUser(db: Knex, link: JoinTable, baseId: number, userId: number) {
  const row: unknown = await db(ROLE_DEFAULTS)
    .join(`${link.name} as l`, `l.${link.inverseJoinColumn.name}`, `${ROLE_DEFAULTS}.role_id`)
    .join('mm_models as m', 'm.id', `${ROLE_DEFAULTS}.collective_model_id`)
    .where({ [`l.${link.joinColumn.name}`]: userId, [`${ROLE_DEFAULTS}.model_id`]: baseId })
    .first('m.slug as slug');
  return parseRow(slug, row)?.slug ?? null;
}
