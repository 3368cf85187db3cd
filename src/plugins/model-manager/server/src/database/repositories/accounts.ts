import type { Core, UID } from '@strapi/strapi';
import { z } from '@strapi/utils';
import { int, parseRows } from './rows';

/**
 * Accounts other plugins own (users-permissions users, admin users, API tokens), read by id
 * through the query engine for their names, every row parsed.
 */
const USERS = 'plugin::users-permissions.user';
const reader = z.object({ id: int, username: z.string() });

/** Id and username of these users-permissions users (the ones that still exist). */
export async function usernamesOf(strapi: Core.Strapi, ids: number[]) {
  const rows = await strapi.db
    .query(USERS)
    .findMany({ where: { id: { $in: ids } }, select: ['id', 'username'] });
  return parseRows(reader, rows);
}

/** A page of users-permissions users matching `where`, by username then id. */
export async function readersPage(
  strapi: Core.Strapi,
  where: Record<string, unknown>,
  page: { offset: number; limit: number }
) {
  const rows = await strapi.db.query(USERS).findMany({
    where,
    select: ['id', 'username'],
    orderBy: [{ username: 'asc' }, { id: 'asc' }],
    offset: page.offset,
    limit: page.limit,
  });
  return parseRows(reader, rows);
}

/** These rows of a content type with the fields that name them (whatever their types). */
export async function namingFieldsOf(
  strapi: Core.Strapi,
  uid: UID.Schema,
  ids: number[],
  fields: string[]
) {
  const rows = await strapi.db
    .query(uid)
    .findMany({ where: { id: { $in: ids } }, select: ['id', ...fields] });
  return parseRows(z.object({ id: int }).catchall(z.unknown()), rows);
}
