import type { Core } from '@strapi/strapi';
import type { z } from '@strapi/utils';
import type { listReadersQuery, ReaderEntry } from '../../../../shared/contracts/readers';
import { readersPage } from '../../database/repositories/accounts';

const USERS = 'plugin::users-permissions.user';

/** Readers (users-permissions users) as an editor picks them: id and username only, by username. */
const createReadersService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(query: z.output<typeof listReadersQuery>) {
    const where = query.search ? { username: { $containsi: query.search } } : {};
    const [rows, total] = await Promise.all([
      readersPage(strapi, where, {
        offset: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      }),
      strapi.db.query(USERS).count({ where }),
    ]);
    const data: ReaderEntry[] = rows.map((r) => ({
      id: r.id,
      username: r.username,
    }));
    return {
      data,
      meta: {
        pagination: {
          page: query.page,
          pageSize: query.pageSize,
          pageCount: Math.ceil(total / query.pageSize),
          total,
        },
      },
    };
  },
});

export default createReadersService;
