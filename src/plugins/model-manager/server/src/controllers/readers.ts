import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { listReadersQuery } from '../../../shared/contracts/readers';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

export const createReadersActions = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Admin: readers to pick as a collective model's members (id and username, paginated). */
  async find(ctx: Context) {
    return await getService(strapi, 'readers').list(validate(listReadersQuery, ctx.query));
  },
});
