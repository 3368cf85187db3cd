import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { slugParams } from '../../../shared/contracts/models';
import { readerTextsQuery } from '../../../shared/contracts/personal';
import { readerId } from '../principals';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

/** A personal model belongs to the reader whose JWT calls: no path names anyone else's. */
function requireReader(ctx: Context): number {
  const id = readerId(ctx);
  if (id === null)
    throw new errors.ForbiddenError(
      "Personal models belong to readers: call with the reader's own users-permissions JWT."
    );
  return id;
}

export const createPersonalActions = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The reader's personal model of this model: labels learnt, whether it answers, last update. */
  async findOne(ctx: Context) {
    const userId = requireReader(ctx);
    const { slug } = validate(slugParams, ctx.params);
    const model = await getService(strapi, 'models').requireModel(slug);
    return { data: await getService(strapi, 'personal-models').state(model, userId), meta: {} };
  },

  /** Forgets the reader on this model: their labels, their personal model and its update trail. */
  async reset(ctx: Context) {
    const userId = requireReader(ctx);
    const { slug } = validate(slugParams, ctx.params);
    const model = await getService(strapi, 'models').requireModel(slug);
    const personal = getService(strapi, 'personal-models');
    const { labels } = await personal.reset(model, userId);
    return {
      data: { removedLabels: labels, state: await personal.state(model, userId) },
      meta: {},
    };
  },

  /** Admin: how many readers have a personal model of this model (counts only). */
  async readers(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const model = await getService(strapi, 'models').requireModel(slug);
    return { data: await getService(strapi, 'personal-models').readers(model), meta: {} };
  },

  /** Admin, granted `readers.read-texts` only: a page of readers with a personal model and what they labelled. */
  async texts(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const query = validate(readerTextsQuery, ctx.query);
    const model = await getService(strapi, 'models').requireModel(slug);
    return await getService(strapi, 'reader-texts').page(model, query);
  },
});
