import { ACTIONS } from '../../src/plugins/model-manager/shared/constants';
import {
  subjectPredictionResponse,
  subjectTypesResponse,
} from '../../src/plugins/model-manager/shared/contracts/subject-prediction';
import { ARTICLE_UID, scoreArticlesWith } from '../helpers/articles';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { createModel, deploy } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { registerReader } from '../helpers/readers';
import { startApp, unique, type TestApp } from '../helpers/strapi';

/** `GET /model-manager/subjects/:type/:documentId/prediction`, which the Content Manager's side panel reads (here: the demo's Article). */
describe("a registered entry's prediction for the edit view's side panel", () => {
  let app: TestApp;
  let reviewer: AdminSession;
  let slug: string;
  let number: number;
  const panel = (documentId: string, headers = reviewer.headers) =>
    app
      .http()
      .get(`/model-manager/subjects/${encodeURIComponent(ARTICLE_UID)}/${documentId}/prediction`)
      .set(headers);
  const saveArticle = async (data: Record<string, unknown>) =>
    (await app.http().post('/api/articles').set(app.fullAccess).send({ data })).body.data
      .documentId as string;

  beforeAll(async () => {
    app = await startApp();
    reviewer = await createAdmin(app);
    slug = await createModel(app);
    scoreArticlesWith(app, slug);
    number = await deploy(app, reviewer, slug, textClassifierOnnx({ strength: 2 }));
  });
  afterAll(async () => {
    await app.stop();
  });

  it("answers the saved text's prediction, explained, with the version that answered and the author's tag", async () => {
    const title = unique('On the wall');
    const documentId = await saveArticle({
      title,
      body: 'We need the wall, a big wall.',
      partisanTag: 'blue',
    });

    const res = await panel(documentId);

    expect(res.status).toBe(200);
    expect(subjectPredictionResponse.safeParse(res.body).error?.issues ?? []).toEqual([]);
    const { data, meta } = res.body;
    expect(data).toMatchObject({
      documentId,
      text: `${title}\n\nWe need the wall, a big wall.`,
      tag: 'blue',
      prediction: { label: 'red' },
    });
    expect(meta).toEqual({ model: slug, version: number, scope: 'global', variant: 'champion' });
    const walls = data.prediction.explanation.tokens.filter(
      (t: { text: string }) => t.text === 'wall'
    );
    expect(
      walls.map((t: { start: number; end: number }) => data.text.slice(t.start, t.end))
    ).toEqual(['wall', 'wall', 'wall']); // one in the title, two in the body
    expect(walls.every((t: { weight: number }) => t.weight > 0)).toBe(true);
    const direct = await app
      .http()
      .post(`/api/model-manager/models/${slug}/predict`)
      .set(app.fullAccess)
      .send({ text: data.text });
    expect(data.prediction.probabilities).toEqual(direct.body.data.probabilities);
  });

  it('is refused (403) to an admin without the Read action', async () => {
    const documentId = await saveArticle({
      title: unique('Refused'),
      body: 'Health care for all.',
    });
    const uploader = await createAdmin(app, [ACTIONS.upload]);

    const res = await panel(documentId, uploader.headers);

    expect(res.status).toBe(403);
  });

  it('an unknown article is a 404, and a partisan model with nothing in production a 409', async () => {
    const documentId = await saveArticle({
      title: unique('Unserved'),
      body: 'Health care for all.',
    });
    const unknown = await panel('no-such-article');
    scoreArticlesWith(app, await createModel(app));
    const unserved = await panel(documentId);
    scoreArticlesWith(app, slug);

    expect(unknown.status).toBe(404);
    expect(unserved.status).toBe(409);
    expect(unserved.body.error.message).toMatch(/no production version/);
  });

  it('lists the registered types with their model, and a type nobody registered is a 404', async () => {
    const types = await app.http().get('/model-manager/subjects').set(reviewer.headers);
    const unregistered = await app
      .http()
      .get('/model-manager/subjects/api%3A%3Anothing.nothing/abc/prediction')
      .set(reviewer.headers);

    expect(subjectTypesResponse.safeParse(types.body).error?.issues ?? []).toEqual([]);
    expect(types.body.data).toContainEqual({
      uid: ARTICLE_UID,
      model: slug,
      tagField: 'partisanTag',
    });
    expect(unregistered.status).toBe(404);
  });

  it("a reader's answer on an article and their label on it meet: the outcomes per variant count it", async () => {
    const documentId = await saveArticle({
      title: unique('Read and labelled'),
      body: 'We need the wall.',
    });
    const reader = await registerReader(app);
    const before = await app
      .http()
      .get(`/model-manager/models/${slug}/outcomes`)
      .set(reviewer.headers);
    const labelledBefore =
      before.body.data.variants.find((v: { variant: string }) => v.variant === 'champion')
        ?.labelled ?? 0;

    const answer = await app
      .http()
      .post(`/api/model-manager/models/${slug}/predict`)
      .set(reader.headers)
      .send({ subject: { type: ARTICLE_UID, documentId } });
    const label = await app
      .http()
      .post(`/api/model-manager/models/${slug}/feedback`)
      .set(reader.headers)
      .send({ data: { article: documentId, label: 'red' } });
    const after = await app
      .http()
      .get(`/model-manager/models/${slug}/outcomes`)
      .set(reviewer.headers);

    expect([answer.status, label.status]).toEqual([200, 201]);
    const champion = after.body.data.variants.find(
      (v: { variant: string }) => v.variant === 'champion'
    );
    expect(champion.labelled).toBe(labelledBefore + 1);
  });
});
