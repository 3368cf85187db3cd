import type { Core } from '@strapi/strapi';
import type { z } from '@strapi/utils';
import type { listReadersQuery, ReaderEntry } from '../../../../shared/contracts/readers';

const USERS = 'plugin::users-permissions.user';

/** Readers (users-permissions users) as an editor picks them: id and username only, by username. */
const createReadersService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(query: z.output<typeof listReadersQuery>) {
    const where = query.search ? { username: { $containsi: query.search } } : {};
    const [rows, total] = await Promise.all([
      strapi.db.query(USERS).findMany({
        where,
        select: ['id', 'username'],
        orderBy: [{ username: 'asc' }, { id: 'asc' }],
        offset: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      }),
      strapi.db.query(USERS).count({ where }),
    ]);
    const data: ReaderEntry[] = (rows as ReaderEntry[]).map((r) => ({
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
