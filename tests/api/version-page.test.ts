import { ACTIONS } from '../../src/plugins/model-manager/shared/constants';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { createModel, deploy, uploadVersion } from '../helpers/models';
import { freshClassifiers } from '../helpers/onnx-fixtures';
import { startApp, type TestApp } from '../helpers/strapi';

/** The routes behind the version page: its details, its notes, and the artifact download. */
describe('the version page routes', () => {
  let app: TestApp;
  let reviewer: AdminSession;
  let reader: AdminSession;
  let outsider: AdminSession;
  const fresh = freshClassifiers(140);
  const url = (slug: string, number: number, rest: string) =>
    `/model-manager/models/${slug}/versions/${number}/${rest}`;

  beforeAll(async () => {
    app = await startApp();
    reviewer = await createAdmin(app);
    reader = await createAdmin(app, [ACTIONS.read]);
    outsider = await createAdmin(app, [ACTIONS.upload]);
  });
  afterAll(async () => {
    await app.stop();
  });

  it('details carry the signature, class names, lineage and this version’s own audit entries only', async () => {
    const slug = await createModel(app);
    const v1 = await deploy(app, reviewer, slug, fresh());
    const v2 = await uploadVersion(app, slug, fresh());

    const res = await app
      .http()
      .get(url(slug, v1, 'details'))
      .set(reader.headers);

    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      number: v1,
      status: 'production',
      signature: { classLabels: ['blue', 'red'] },
      lineage: { fileName: 'model.onnx' },
    });
    expect(res.body.data.audit.map((e: { action: string }) => e.action)).toEqual([
      'promote',
      'approve',
      'submit',
      'create',
    ]);
    expect(
      res.body.data.audit.every((e: { versionNumber: number }) => e.versionNumber === v1)
    ).toBe(true);
    expect(v2).toBe(v1 + 1);
  });

  it('downloads the artifact as an attachment, byte for byte, for an admin with the read action', async () => {
    const slug = await createModel(app);
    const bytes = fresh();
    const number = await uploadVersion(app, slug, bytes);

    const res = await app
      .http()
      .get(url(slug, number, 'artifact'))
      .set(reader.headers)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });

    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="${slug}-v${number}.onnx"`
    );
    expect(Buffer.compare(res.body as Buffer, bytes)).toBe(0);
  });

  it.each([
    ['no credentials', () => ({}), 401],
    ['an API token', () => app.fullAccess, 401],
    ['an admin without the read action', () => outsider.headers, 403],
  ])('the artifact download is refused with %s', async (_, headers, status) => {
    const slug = await createModel(app);
    const number = await uploadVersion(app, slug, fresh());

    const res = await app
      .http()
      .get(url(slug, number, 'artifact'))
      .set(headers());

    expect(res.status).toBe(status);
  });

  it('notes are edited by an admin with the upload action, refused for a reader, and bounded', async () => {
    const slug = await createModel(app);
    const number = await uploadVersion(app, slug, fresh());

    const edited = await app
      .http()
      .put(url(slug, number, 'notes'))
      .set(reviewer.headers)
      .send({ data: { notes: 'tuned on the 2016 debates' } });
    const byReader = await app
      .http()
      .put(url(slug, number, 'notes'))
      .set(reader.headers)
      .send({ data: { notes: 'mine' } });
    const tooLong = await app
      .http()
      .put(url(slug, number, 'notes'))
      .set(reviewer.headers)
      .send({ data: { notes: 'x'.repeat(5001) } });

    expect([edited.status, byReader.status, tooLong.status]).toEqual([200, 403, 400]);
    expect(edited.body.data.notes).toBe('tuned on the 2016 debates');
    expect(
      (
        await app
          .http()
          .get(url(slug, number, 'details'))
          .set(reader.headers)
      ).body.data.notes
    ).toBe('tuned on the 2016 debates');
  });
});
