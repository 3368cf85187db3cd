import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { slugParams } from '../../../shared/contracts/models';
import { notesBody } from '../../../shared/contracts/version-page';
import { uploadFields, versionParams } from '../../../shared/contracts/versions';
import { UIDS } from '../../../shared/constants';
import type { UploadedFile } from '../services/registry/registry';
import { actorFromContext } from '../principals';
import { getService } from '../utils/get-service';
import { toVersionSummary } from '../services/platform/serialize';
import { fieldError, validate } from '../utils/validate';

function uploadedFile(ctx: Context): UploadedFile {
  const files =
    (ctx.request as { files?: Record<string, UploadedFile | UploadedFile[]> }).files ?? {};
  const file = files.file;
  if (!file || Array.isArray(file)) {
    const message = Array.isArray(file)
      ? 'send exactly one file'
      : 'an .onnx file is required (multipart field "file")';
    throw fieldError(['file'], message);
  }
  return file;
}

export const createVersionsActions = ({ strapi }: { strapi: Core.Strapi }) => ({
  async create(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    const { notes } = validate(uploadFields, ctx.request.body ?? {});
    const version = await getService(strapi, 'registry').createFromUpload(
      slug,
      uploadedFile(ctx),
      notes,
      actorFromContext(ctx)
    );
    ctx.status = 201;
    return { data: version, meta: {} };
  },

  async find(ctx: Context) {
    const { slug } = validate(slugParams, ctx.params);
    return { data: await getService(strapi, 'registry').list(slug), meta: {} };
  },

  /** The version page: the summary plus signature, lineage and this version's audit. */
  async details(ctx: Context) {
    const { slug, number } = validate(versionParams, ctx.params);
    const { version } = await getService(strapi, 'registry').requireVersion(slug, number);
    const audit = (await getService(strapi, 'lifecycle').auditTrail(slug)).filter(
      (e) => e.versionNumber === number
    );
    const data = {
      ...toVersionSummary(version),
      signature: version.signature ?? null,
      lineage: version.lineage ?? null,
      reviewComment: version.reviewComment ?? null,
      audit,
    };
    return { data, meta: {} };
  },

  /** Notes are the one field of a version editors write; the registry guard lets them through. */
  async updateNotes(ctx: Context) {
    const { slug, number } = validate(versionParams, ctx.params);
    const { data } = validate(notesBody, ctx.request.body ?? {});
    const { version } = await getService(strapi, 'registry').requireVersion(slug, number);
    await strapi
      .documents(UIDS.version)
      .update({ documentId: version.documentId, data: { notes: data.notes } });
    return { data: await getService(strapi, 'registry').get(slug, number), meta: {} };
  },

  /** The artifact's bytes as a download (read action, checked by the route). */
  async artifact(ctx: Context) {
    const { slug, number } = validate(versionParams, ctx.params);
    const { version } = await getService(strapi, 'registry').requireVersion(slug, number);
    const bytes = await getService(strapi, 'artifacts').fetch(version.artifactHash as string);
    ctx.set('Content-Type', 'application/octet-stream');
    ctx.set('Content-Disposition', `attachment; filename="${slug}-v${number}.onnx"`);
    ctx.set('X-Content-Type-Options', 'nosniff');
    return bytes;
  },

  async findOne(ctx: Context) {
    const { slug, number } = validate(versionParams, ctx.params);
    return { data: await getService(strapi, 'registry').get(slug, number), meta: {} };
  },
});
