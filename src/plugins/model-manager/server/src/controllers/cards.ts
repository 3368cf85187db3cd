import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { cardPeopleBody, cardQuery } from '../../../shared/contracts/card';
import { versionParams } from '../../../shared/contracts/versions';
import { actorFromContext } from '../principals';
import { cardMarkdown } from '../services/registry/card-markdown';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

/** A version's model card (admin): JSON, or Markdown with YAML front matter (`?format=markdown`). */
export const createCardsActions = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    const { slug, number } = validate(versionParams, ctx.params);
    const { format } = validate(cardQuery, ctx.query ?? {});
    const card = await getService(strapi, 'model-cards').card(slug, number);
    if (format === 'markdown') {
      ctx.type = 'text/markdown; charset=utf-8';
      ctx.set('Content-Disposition', `inline; filename="${slug}-v${number}-card.md"`);
      return cardMarkdown(card);
    }
    return { data: card, meta: {} };
  },

  async updatePeople(ctx: Context) {
    const { slug, number } = validate(versionParams, ctx.params);
    const { data } = validate(cardPeopleBody, ctx.request.body ?? {});
    const people = await getService(strapi, 'model-cards').updatePeople(
      slug,
      number,
      data,
      actorFromContext(ctx)
    );
    return { data: people, meta: {} };
  },
});
