import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { slugParams } from '../../../shared/contracts/models';
import { uploadFields, versionParams } from '../../../shared/contracts/versions';
import type { UploadedFile } from '../services/registry';
import { actorFromContext } from '../utils/actor';
import { getService } from '../utils/get-service';
import { fieldError, validate } from '../utils/validate';

function uploadedFile(ctx: Context): UploadedFile {
  const files = (ctx.request as { files?: Record<string, UploadedFile | UploadedFile[]> }).files ?? {};
  const file = files.file;
  if (!file || Array.isArray(file)) {
    const message = Array.isArray(file) ? 'send exactly one file' : 'an .onnx file is required (multipart field "file")';
    throw fieldError(['file'], message);
  }
  return file;
}

const createVersionsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async create(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const { notes } = validate(uploadFields, ctx.request.body ?? {});
    const version = await getService(strapi, 'registry').createFromUpload(slug, uploadedFile(ctx), notes, actorFromContext(ctx));
    ctx.status = 201;
    ctx.body = { data: version, meta: {} };
  },

  async find(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    ctx.body = { data: await getService(strapi, 'registry').list(slug), meta: {} };
  },

  async findOne(ctx: Context) {
    const { slug, number } = validate(versionParams, ctx.params);
    ctx.body = { data: await getService(strapi, 'registry').get(slug, number), meta: {} };
  },
});

export default createVersionsController;
