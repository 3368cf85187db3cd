import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { slugParams } from '../../../shared/contracts/models';
import { predictBody } from '../../../shared/contracts/predict';
import { mayReadAllVersions } from '../utils/caller';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

const createPredictionsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async create(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const input = validate(predictBody, ctx.request.body);
    const mayReadAll = input.version !== undefined && (await mayReadAllVersions(strapi, ctx));
    ctx.body = await getService(strapi, 'predictions').predict(slug, input, { mayReadAll });
  },
});

export default createPredictionsController;
