import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';

type ModelRow = { slug: string; name: string; baseModel: { slug: string } | null };

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async me(ctx: Context) {
    const user = ctx.state.user as { id: number; username: string; email: string } | undefined;
    // An API token has no user: this route is about a person.
    if (!user || ctx.state.auth?.strategy?.name !== 'users-permissions')
      throw new errors.ForbiddenError('Sign in as a reader');
    const collectives = (await strapi.db.query('plugin::model-manager.model').findMany({
      where: { scope: 'collective', members: { id: user.id } },
      select: ['slug', 'name'],
      populate: { baseModel: { select: ['slug'] } },
      orderBy: { name: 'asc' },
    })) as ModelRow[];
    ctx.body = {
      data: {
        id: user.id,
        username: user.username,
        email: user.email,
        collectives: collectives.map((m) => ({
          slug: m.slug,
          name: m.name,
          base: m.baseModel?.slug ?? null,
        })),
      },
    };
  },
});
