import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { slugParams } from '../../../shared/contracts/models';
import { createTrainingRunBody, runParams } from '../../../shared/contracts/training';
import { actorFromContext } from '../principals';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

/** Training runs' actions; the admin's Start (`start`) checks the data first, the content API queues (`create`). */
export const createTrainingRunsActions = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** 202: the run is queued; poll `GET /training-runs/:id` for its progress. */
  async create(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const { data } = validate(createTrainingRunBody, ctx.request.body ?? {});
    const run = await getService(strapi, 'training').queue(slug, data, actorFromContext(ctx));
    ctx.status = 202;
    return { data: run, meta: {} };
  },

  /** The admin's Start: refused with 409 when the data is short, instead of queueing a run bound to fail. */
  async start(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const { data } = validate(createTrainingRunBody, ctx.request.body ?? {});
    const model = await getService(strapi, 'models').requireModel(slug);
    await getService(strapi, 'training-readiness').requireReady(model, data.datasets);
    const run = await getService(strapi, 'training').queue(slug, data, actorFromContext(ctx));
    ctx.status = 202;
    return { data: run, meta: {} };
  },

  async readiness(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const model = await getService(strapi, 'models').requireModel(slug);
    return { data: await getService(strapi, 'training-readiness').readiness(model), meta: {} };
  },

  async findOne(ctx: Context) {
    const { id } = validate(runParams, ctx.params);
    return { data: await getService(strapi, 'training').get(id), meta: {} };
  },

  async find(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    return { data: await getService(strapi, 'training').list(slug), meta: {} };
  },
});
