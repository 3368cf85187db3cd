import fs from 'fs';
import { FOREIGN_MODEL } from '../helpers/data';
import { createModel, uploadVersion } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startApp, unique, type TestApp } from '../helpers/strapi';

describe('uploading ONNX versions', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  const upload = (slug: string, bytes: Buffer | null, fields: Record<string, string> = {}) => {
    const req = app.http().post(`/api/model-manager/models/${slug}/versions`).set(app.fullAccess);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return bytes ? req.attach('file', bytes, 'model.onnx') : req;
  };
  const artifactRows = async () =>
    Number((await app.strapi.db.connection('mm_artifacts').count({ n: '*' }))[0].n);
  // Looked up by hash: other test files on this worker's database may have stored the same bytes already.
  const storedArtifact = async (hash: string) => {
    const db = app.strapi.db.connection;
    const rows = await db('mm_artifacts').where({ hash });
    const chunks = await db('mm_artifact_chunks').where({ hash }).count({ n: '*' });
    return {
      rows: rows.length,
      size: Number(rows[0]?.size),
      chunkCount: rows[0]?.chunk_count,
      chunks: Number(chunks[0].n),
    };
  };

  it('when the foreign scikit-learn model is uploaded, it becomes candidate version 1 with its signature', async () => {
    const slug = await createModel(app);

    const res = await upload(slug, fs.readFileSync(FOREIGN_MODEL), {
      notes: 'from the data science team',
    });

    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      number: 1,
      status: 'candidate',
      source: 'upload',
      notes: 'from the data science team',
    });
    expect(res.body.data.artifactHash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.data.artifactSize).toBe(fs.statSync(FOREIGN_MODEL).size);
    const list = await app
      .http()
      .get(`/api/model-manager/models/${slug}/versions`)
      .set(app.fullAccess);
    expect(list.body.data.map((v: { number: number }) => v.number)).toEqual([1]);
  });

  it('when the same bytes are uploaded twice, two versions share one stored artifact', async () => {
    const slug = await createModel(app);
    const bytes = textClassifierOnnx({ strength: 3.25 });

    const first = await uploadVersion(app, slug, bytes);
    const second = await uploadVersion(app, slug, bytes);

    expect([first, second]).toEqual([1, 2]);
    const list = await app
      .http()
      .get(`/api/model-manager/models/${slug}/versions`)
      .set(app.fullAccess);
    const hashes = list.body.data.map((v: { artifactHash: string }) => v.artifactHash);
    expect(hashes[0]).toBe(hashes[1]);
    expect(hashes[0]).toMatch(/^[0-9a-f]{64}$/);
    const stored = await storedArtifact(hashes[0]);
    expect(stored).toEqual({ rows: 1, size: bytes.length, chunkCount: stored.chunks, chunks: 1 });
  });

  it('when uploads of one model race, each gets its own consecutive number', async () => {
    const slug = await createModel(app);

    const numbers = await Promise.all(
      [1, 2, 3, 4].map((i) => uploadVersion(app, slug, textClassifierOnnx({ strength: 4 + i })))
    );

    expect([...numbers].sort()).toEqual([1, 2, 3, 4]);
  });

  it.each([
    [
      'bytes that are not ONNX',
      () => Buffer.from('this is not a model at all, just text'),
      'not_onnx',
    ],
    [
      'a graph with an operator onnxruntime lacks',
      () => textClassifierOnnx({ extraNode: { opType: 'NoSuchOp' } }),
      'unsupported_operator',
    ],
    [
      'a StringNormalizer locale this machine lacks',
      () => textClassifierOnnx({ locale: 'en_US.UTF-8' }),
      'locale_missing',
    ],
    [
      'a numeric input instead of text',
      () => textClassifierOnnx({ numericInput: true }),
      'wrong_signature',
    ],
    [
      'no "probabilities" output',
      () => textClassifierOnnx({ probabilitiesName: 'scores' }),
      'wrong_signature',
    ],
    ['no class names', () => textClassifierOnnx({ classes: null }), 'class_names_missing'],
    [
      'class names other than the model labels',
      () => textClassifierOnnx({ classes: ['ham', 'spam'] }),
      'class_names_mismatch',
    ],
    [
      'more class names than outputs',
      () => textClassifierOnnx({ classes: ['blue', 'red', 'green'] }),
      'class_names_mismatch',
    ],
  ])(
    'when the file has %s, it is a 400 naming the problem and nothing is stored',
    async (_, bytes, problem) => {
      const slug = await createModel(app);
      const before = await artifactRows();

      const res = await upload(slug, bytes());

      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        status: 400,
        name: 'ValidationError',
        details: { problem },
      });
      expect(res.body.error.details.errors[0].path).toEqual(['file']);
      expect(await artifactRows()).toBe(before);
      const versions = await app
        .http()
        .get(`/api/model-manager/models/${slug}/versions`)
        .set(app.fullAccess);
      expect(versions.body.data).toEqual([]);
    }
  );

  it('when no file is sent, it is a 400 naming the field', async () => {
    const slug = await createModel(app);

    const res = await upload(slug, null, { notes: 'forgot the file' });

    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['file']);
  });

  it('when an unknown field is sent beside the file, it is a 400', async () => {
    const slug = await createModel(app);

    const res = await upload(slug, textClassifierOnnx(), { colour: 'red' });

    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
  });

  it('when the file is over the configured size limit, it is a 413 naming the limit', async () => {
    const slug = await createModel(app);
    const config = app.strapi.config.get('plugin::model-manager') as { maxArtifactBytes: number };
    const saved = config.maxArtifactBytes;
    config.maxArtifactBytes = 100;
    try {
      const res = await upload(slug, textClassifierOnnx());

      expect(res.status).toBe(413);
      expect(res.body.error).toMatchObject({
        name: 'PayloadTooLargeError',
        details: { limit: 100 },
      });
    } finally {
      config.maxArtifactBytes = saved;
    }
  });

  it('when the model is unknown, it is a 404', async () => {
    const res = await upload(unique('ghost'), textClassifierOnnx());

    expect(res.status).toBe(404);
    expect(res.body.error.name).toBe('NotFoundError');
  });
});
