import fs from 'fs';
import os from 'os';
import path from 'path';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { eventually } from '../helpers/eventually';
import { createModel, deploy } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { ARTICLE_UID, scoreArticlesWith } from '../helpers/articles';
import { startApp, unique, type TestApp } from '../helpers/strapi';

describe('feedback: readers, authors and imported corpora', () => {
  let app: TestApp;
  let reviewer: AdminSession;
  beforeAll(async () => {
    app = await startApp();
    reviewer = await createAdmin(app);
  });
  afterAll(async () => {
    await app.stop();
  });

  const give = (slug: string, data: Record<string, unknown>) =>
    app
      .http()
      .post(`/api/model-manager/models/${slug}/feedback`)
      .set(app.fullAccess)
      .send({ data });
  const list = async (slug: string, query = '') =>
    (await app.http().get(`/model-manager/models/${slug}/feedback${query}`).set(reviewer.headers))
      .body;

  it('when the same person labels the same text twice, the entry is updated, not duplicated', async () => {
    const slug = await createModel(app);

    const first = await give(slug, {
      text: 'Build the wall.',
      label: 'red',
      predictedLabel: 'blue',
      version: 1,
    });
    const second = await give(slug, { text: 'Build the wall.', label: 'blue' });
    const entries = await list(slug);

    expect(first.status).toBe(201);
    expect(first.body.meta.updated).toBe(false);
    expect(second.status).toBe(201);
    expect(second.body.meta.updated).toBe(true);
    expect(entries.data).toHaveLength(1);
    expect(entries.data[0]).toMatchObject({
      label: 'blue',
      source: 'reader',
      dataset: 'feedback',
      giverKey: expect.stringMatching(/^api-token:/),
    });
    expect(entries.meta.stats).toMatchObject({ total: 1, byLabel: { blue: 1 } });
  });

  it('when two people label the same text, there are two entries', async () => {
    const slug = await createModel(app);
    await give(slug, { text: 'Health care for all.', label: 'blue' });

    const byEditor = await app
      .http()
      .post(`/model-manager/models/${slug}/feedback`)
      .set(reviewer.headers)
      .send({ data: { text: 'Health care for all.', label: 'blue' } });

    expect(byEditor.status).toBe(201);
    expect(byEditor.body.data.source).toBe('editor');
    expect((await list(slug)).data).toHaveLength(2);
    expect((await list(slug, '?source=editor')).data).toHaveLength(1);
  });

  it.each([
    ['a label the model does not know', { text: 'x y', label: 'green' }, 'label'],
    ['neither text nor article', { label: 'red' }, 'text'],
    ['both text and article', { text: 'x y', article: 'abc', label: 'red' }, 'text'],
    [
      'both text and subject',
      { text: 'x y', subject: { type: ARTICLE_UID, documentId: 'abc' }, label: 'red' },
      'text',
    ],
    [
      'a subject of a type nobody registered',
      { subject: { type: 'api::nothing.nothing', documentId: 'abc' }, label: 'red' },
      'subject.type',
    ],
    ['a key that is no registered alias', { comment: 'abc', label: 'red' }, 'comment'],
    ['an unknown key', { text: 'x y', label: 'red', mood: 'angry' }, 'data'],
    ['an empty text', { text: '  ', label: 'red' }, 'text'],
  ])('%s is a 400 naming the field', async (_, data, field) => {
    const slug = await createModel(app);

    const res = await give(slug, data);

    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    const paths = res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'));
    expect(
      paths.some((p: string) => p === field || p === `data.${field}` || p.startsWith(`${field}`))
    ).toBe(true);
  });

  it('feedback on an unknown article is a 404', async () => {
    const slug = await createModel(app);

    const res = await give(slug, { article: 'no-such-article', label: 'red' });

    expect(res.status).toBe(404);
  });

  describe('articles', () => {
    let slug: string;
    beforeAll(async () => {
      slug = await createModel(app);
      scoreArticlesWith(app, slug);
    });

    const saveArticle = (data: Record<string, unknown>, documentId?: string) =>
      documentId
        ? app.http().put(`/api/articles/${documentId}`).set(app.fullAccess).send({ data })
        : app.http().post('/api/articles').set(app.fullAccess).send({ data });
    const authorFeedback = async () =>
      (await list(slug, '?source=author')).data as Array<{
        label: string;
        subject: { documentId: string };
      }>;

    it('an article saved while no model serves is saved all the same, without a prediction', async () => {
      const res = await saveArticle({ title: unique('Early'), body: 'Nothing serves yet.' });

      expect(res.status).toBe(201);
      expect(res.body.data.predictedLabel).toBeNull();
    });

    it("the author's tag becomes one feedback entry, updated when it changes and removed when cleared", async () => {
      await deploy(app, reviewer, slug, textClassifierOnnx({ strength: 2 }));

      const created = await saveArticle({
        title: 'On the wall',
        body: 'We need the wall, a big wall.',
        authorName: 'Ann',
        partisanTag: 'red',
      });
      const id = created.body.data.documentId;
      const scored = await eventually(async () => {
        const res = await app.http().get(`/api/articles/${id}`).set(app.fullAccess);
        return res.body.data.predictedBy ? res.body.data : null;
      });
      const afterCreate = await eventually(async () =>
        (await authorFeedback()).length === 1 ? authorFeedback() : null
      );
      await saveArticle({ partisanTag: 'blue' }, id);
      const afterChange = await eventually(async () =>
        (await authorFeedback())[0]?.label === 'blue' ? authorFeedback() : null
      );
      await saveArticle({ partisanTag: 'none' }, id);
      const afterClear = await eventually(async () =>
        (await authorFeedback()).length === 0 ? [] : null
      );

      expect(created.status).toBe(201);
      expect(scored).toMatchObject({ predictedLabel: 'red', predictedBy: `${slug}@v1` });
      expect(scored.predictedProbabilities.red).toBeGreaterThan(0.9);
      expect(afterCreate).toEqual([
        expect.objectContaining({
          label: 'red',
          text: 'On the wall\n\nWe need the wall, a big wall.',
          subject: { type: ARTICLE_UID, documentId: id },
          giverName: expect.any(String),
        }),
      ]);
      expect(afterChange).toHaveLength(1);
      expect(afterClear).toEqual([]);
    });
  });

  describe('importing a labelled corpus', () => {
    const writeJsonl = (lines: unknown[]) => {
      const file = path.join(os.tmpdir(), `${unique('corpus')}.jsonl`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
      return file;
    };
    const datasets = () => app.strapi.plugin('model-manager').service('datasets');

    it('is idempotent: importing the same file twice adds nothing the second time', async () => {
      const slug = await createModel(app);
      const file = writeJsonl([
        { text: 'Secure the border.', label: 'red' },
        { text: 'Raise the minimum wage.', label: 'blue' },
        { text: 'Secure the border.', label: 'red' },
      ]);

      const first = await datasets().importJsonl(slug, { dataset: 'corpus', file });
      const second = await datasets().importJsonl(slug, { dataset: 'corpus', file });
      const entries = await list(slug, '?dataset=corpus');

      expect(first).toMatchObject({ read: 3, created: 2, alreadyThere: 1 });
      expect(second).toMatchObject({ read: 3, created: 0, alreadyThere: 3 });
      expect(entries.meta.pagination.total).toBe(2);
      expect(entries.data.every((e: { source: string }) => e.source === 'import')).toBe(true);
    });

    it('stores each imported row as a whole document of its model, past one insert slice', async () => {
      const slug = await createModel(app);
      const lines = Array.from({ length: 620 }, (_, i) => ({
        text: `Imported line ${i}.`,
        label: i % 2 ? 'red' : 'blue',
        group: `g${i % 7}`,
      }));
      const result = await datasets().importJsonl(slug, {
        dataset: 'many',
        file: writeJsonl(lines),
      });
      const docs = await app.strapi.documents('plugin::model-manager.feedback').findMany({
        filters: { model: { slug }, dataset: 'many' },
        populate: { model: { fields: ['slug'] } },
        limit: 1000,
      });

      expect(result).toMatchObject({ read: 620, created: 620 });
      expect(docs).toHaveLength(620);
      expect(new Set(docs.map((d) => d.documentId)).size).toBe(620);
      expect(docs.every((d) => d.documentId && d.publishedAt && d.createdAt)).toBe(true);
      expect(docs.every((d) => (d.model as { slug: string }).slug === slug)).toBe(true);
      const first = docs.find((d) => d.text === 'Imported line 1.');
      expect(first).toMatchObject({ label: 'red', source: 'import', groupKey: 'group:g1' });
    });

    it('two imports of one file at the same moment store each row once, and both answer', async () => {
      const slug = await createModel(app);
      const lines = Array.from({ length: 300 }, (_, i) => ({
        text: `Raced line ${i}.`,
        label: i % 2 ? 'red' : 'blue',
      }));
      const file = writeJsonl(lines);

      const results = await Promise.all(
        [1, 2].map(() => datasets().importJsonl(slug, { dataset: 'raced', file }))
      );
      const entries = await list(slug, '?dataset=raced');

      expect(entries.meta.pagination.total).toBe(300);
      expect(results[0].created + results[1].created).toBe(300);
      for (const result of results) expect(result.created + result.alreadyThere).toBe(result.read);
    });

    it('refuses a file with a bad line, naming it, and writes nothing', async () => {
      const slug = await createModel(app);
      const file = writeJsonl([
        { text: 'Fine.', label: 'red' },
        { text: 'Wrong label.', label: 'purple' },
      ]);

      await expect(datasets().importJsonl(slug, { dataset: 'bad', file })).rejects.toThrow(
        /:2: "label" must be one of blue, red/
      );
      expect((await list(slug)).meta.pagination.total).toBe(0);
    });
  });
});
