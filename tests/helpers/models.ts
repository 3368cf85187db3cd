import type { AdminSession } from './admin';
import { unique, type TestApp } from './strapi';

/** Builders for the usual arrange steps: a model, an uploaded version, a version taken to production. */
export async function createModel(
  app: TestApp,
  labels = ['blue', 'red'],
  extra: Record<string, unknown> = {}
): Promise<string> {
  const slug = unique('model');
  const res = await app
    .http()
    .post('/api/model-manager/models')
    .set(app.fullAccess)
    .send({ data: { name: slug, slug, labels, ...extra } });
  if (res.status !== 201)
    throw new Error(`model create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return slug;
}

export async function uploadVersion(
  app: TestApp,
  slug: string,
  bytes: Buffer,
  headers = app.fullAccess
): Promise<number> {
  const res = await app
    .http()
    .post(`/api/model-manager/models/${slug}/versions`)
    .set(headers)
    .attach('file', bytes, 'model.onnx');
  if (res.status !== 201)
    throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.number;
}

/** submit and approve by a reviewer (admin API), then promote with the API token. */
export async function approve(app: TestApp, reviewer: AdminSession, slug: string, number: number) {
  for (const step of ['submit', 'approve']) {
    const res = await app
      .http()
      .post(`/model-manager/models/${slug}/versions/${number}/${step}`)
      .set(reviewer.headers)
      .send({ data: { comment: `${step} in test` } });
    if (res.status !== 200)
      throw new Error(`${step} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

export async function promote(app: TestApp, slug: string, number: number) {
  const res = await app
    .http()
    .post(`/api/model-manager/models/${slug}/versions/${number}/promote`)
    .set(app.fullAccess)
    .send({ data: { comment: 'go' } });
  if (res.status !== 200)
    throw new Error(`promote failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Promotion in the admin API: an editor may also promote a version that served before (the content API may not). */
export async function promoteAsEditor(
  app: TestApp,
  editor: AdminSession,
  slug: string,
  number: number
) {
  const res = await app
    .http()
    .post(`/model-manager/models/${slug}/versions/${number}/promote`)
    .set(editor.headers)
    .send({ data: { comment: 'again' } });
  if (res.status !== 200)
    throw new Error(`promote failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function deploy(
  app: TestApp,
  reviewer: AdminSession,
  slug: string,
  bytes: Buffer
): Promise<number> {
  const number = await uploadVersion(app, slug, bytes);
  await approve(app, reviewer, slug, number);
  await promote(app, slug, number);
  return number;
}

/** Imports labelled rows as feedback of one dataset through the feedback service, in order, in one transaction. */
export async function importRows(
  app: TestApp,
  slug: string,
  dataset: string,
  rows: ReadonlyArray<{ text: string; label: string }>,
  giverKey = 'import:test'
) {
  const service = (name: string) => app.strapi.plugin('model-manager').service(name);
  const model = await service('models').requireModel(slug);
  await app.strapi.db.transaction(async () => {
    for (const { text, label } of rows)
      await service('feedback').give(model, { text, label, giverKey, source: 'import', dataset });
  });
}
