import fs from 'fs';
import os from 'os';
import path from 'path';
import { eventually } from '../helpers/eventually';
import { createModel } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startApp, unique, type TestApp } from '../helpers/strapi';

/**
 * The body parser writes uploads to the temp folder; here that folder is this file's own, so every
 * file left behind is counted. The upload limit is lowered too, to send a file over it cheaply.
 */
describe('temporary files and the size limit of uploads', () => {
  const LIMIT = 64 * 1024;
  let app: TestApp;
  let tmp: string;
  const saved = {
    TMPDIR: process.env.TMPDIR,
    MODEL_MANAGER_MAX_ARTIFACT_BYTES: process.env.MODEL_MANAGER_MAX_ARTIFACT_BYTES,
  };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-upload-'));
    process.env.TMPDIR = tmp;
    process.env.MODEL_MANAGER_MAX_ARTIFACT_BYTES = String(LIMIT);
    app = await startApp();
  });
  afterAll(async () => {
    await app.stop();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const leftBehind = () => fs.readdirSync(tmp);
  const upload = (slug: string, bytes: Buffer, headers: Record<string, string> = app.fullAccess) =>
    app
      .http()
      .post(`/api/model-manager/models/${slug}/versions`)
      .set(headers)
      .attach('file', bytes, 'model.onnx');

  it.each([
    [
      'a valid model',
      async (slug: string) => upload(slug, textClassifierOnnx({ strength: 7.75 })),
      201,
    ],
    [
      'bytes that are not ONNX',
      async (slug: string) => upload(slug, Buffer.from('not a model')),
      400,
    ],
    ['an unknown model', async () => upload(unique('ghost'), textClassifierOnnx()), 404],
    ['no credentials', async (slug: string) => upload(slug, textClassifierOnnx(), {}), 403],
    [
      'bad credentials',
      async (slug: string) => upload(slug, textClassifierOnnx(), { Authorization: 'Bearer nope' }),
      401,
    ],
    [
      'an unknown field beside the file',
      async (slug: string) => upload(slug, textClassifierOnnx()).field('colour', 'red'),
      400,
    ],
    [
      'a file over the limit',
      async (slug: string) => upload(slug, Buffer.alloc(LIMIT * 4, 1)),
      413,
    ],
  ])('after an upload of %s, no temporary file is left', async (_, send, status) => {
    const slug = await createModel(app);

    const res = await send(slug);

    expect(res.status).toBe(status);
    // formidable unlinks a file it abandoned (over the limit) on its own, just after the answer.
    await eventually(async () => {
      expect(leftBehind()).toEqual([]);
      return true;
    });
  });

  it('a file over the limit is refused by the body parser with a clean 413 before the route runs', async () => {
    const slug = await createModel(app);

    const res = await upload(slug, Buffer.alloc(LIMIT * 4, 1));

    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      data: null,
      error: { status: 413, name: 'PayloadTooLargeError', message: 'FileTooBig' },
    }); // the body parser's, not the route's
    const versions = await app
      .http()
      .get(`/api/model-manager/models/${slug}/versions`)
      .set(app.fullAccess);
    expect(versions.body.data).toEqual([]);
  });

  it.each([
    ['the health check', '/_health'],
    ['a content type of the app', '/api/articles'],
    ['the admin login', '/admin/login'],
    ['a path nobody serves', '/no/such/path'],
  ])('a multipart body sent to %s, without credentials, leaves no file behind', async (_, path) => {
    await app
      .http()
      .post(path)
      .attach('one', Buffer.alloc(2048, 1), 'a.bin')
      .attach('two', Buffer.alloc(2048, 2), 'b.bin');

    await eventually(async () => {
      expect(leftBehind()).toEqual([]);
      return true;
    });
  });
});
