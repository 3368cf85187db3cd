import fs from 'fs';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { FOREIGN_MODEL, foreignTestVectors } from '../helpers/data';
import { approve, createModel, deploy, uploadVersion } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startApp, unique, type TestApp } from '../helpers/strapi';

describe('predict over REST', () => {
  let app: TestApp;
  let reviewer: AdminSession;
  let foreign: string;
  let foreignVersion: number;
  const predict = (slug: string, body: unknown) =>
    app
      .http()
      .post(`/api/model-manager/models/${slug}/predict`)
      .set(app.fullAccess)
      .send(body as object);

  beforeAll(async () => {
    app = await startApp();
    reviewer = await createAdmin(app);
    foreign = await createModel(app);
    foreignVersion = await deploy(app, reviewer, foreign, fs.readFileSync(FOREIGN_MODEL));
  });
  afterAll(async () => {
    await app.stop();
  });

  it('the foreign scikit-learn model answers all 1,201 holdout texts within 1e-5 of scikit-learn', async () => {
    const vectors = foreignTestVectors();

    const res = await predict(foreign, { texts: vectors.texts });

    expect(res.status).toBe(200);
    expect(res.body.meta).toEqual({
      model: foreign,
      version: foreignVersion,
      scope: 'global',
      variant: 'champion',
    });
    expect(res.body.data).toHaveLength(1201);
    const worst = Math.max(
      ...res.body.data.map((p: { probabilities: { red: number } }, i: number) =>
        Math.abs(p.probabilities.red - vectors.sklearn_proba_red[i])
      )
    );
    expect(worst).toBeLessThan(1e-5);
    const labels = res.body.data.map(
      (p: { label: string; probabilities: { red: number } }) => p.label
    );
    expect(labels).toEqual(vectors.sklearn_proba_red.map((p) => (p > 0.5 ? 'red' : 'blue')));
  });

  it('one text gets one prediction whose probabilities sum to 1', async () => {
    const res = await predict(foreign, { text: 'We will cut taxes and secure the border.' });

    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data.probabilities).sort()).toEqual(['blue', 'red']);
    expect(res.body.data.probabilities.blue + res.body.data.probabilities.red).toBeCloseTo(1, 5);
    expect(res.body.data.label).toBe(res.body.data.probabilities.red > 0.5 ? 'red' : 'blue');
    expect(res.body.data.explanation).toBeUndefined();
  });

  it('explain gives token spans with offsets into the text, and the words that push the label weigh positive', async () => {
    const text = 'Obamacare is a disaster, and we will repeal and replace it.';

    const res = await predict(foreign, { text, explain: true });

    expect(res.status).toBe(200);
    const tokens = res.body.data.explanation.tokens as Array<{
      text: string;
      start: number;
      end: number;
      weight: number;
    }>;
    expect(tokens.length).toBeGreaterThan(5);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
    const strongest = tokens.reduce((a, b) => (b.weight > a.weight ? b : a));
    expect(strongest.weight).toBeGreaterThan(0);
    const [without] = (
      await predict(foreign, {
        texts: [
          text.slice(0, strongest.start) +
            ' '.repeat(strongest.end - strongest.start) +
            text.slice(strongest.end),
        ],
      })
    ).body.data;
    expect(without.probabilities[res.body.data.label]).toBeLessThan(
      res.body.data.probabilities[res.body.data.label]
    );
  });

  it('explains every text of a batch', async () => {
    const res = await predict(foreign, {
      texts: ['Build the wall', 'Health care is a right'],
      explain: true,
    });

    expect(res.status).toBe(200);
    expect(
      res.body.data.map((p: { explanation: { tokens: unknown[] } }) => p.explanation.tokens.length)
    ).toEqual([3, 4]); // "a" is too short to be a token
  });

  it('a pinned version answers, and names itself in meta', async () => {
    const slug = await createModel(app);
    const v1 = await deploy(app, reviewer, slug, textClassifierOnnx({ strength: 1 }));
    const v2 = await uploadVersion(app, slug, textClassifierOnnx({ strength: 3 }));

    const pinned = await predict(slug, { text: 'the wall', version: v2 });
    const routed = await predict(slug, { text: 'the wall' });

    expect(pinned.body.meta).toMatchObject({ version: v2, variant: 'pinned' });
    expect(routed.body.meta).toMatchObject({ version: v1, variant: 'champion' });
    expect(pinned.body.data.probabilities.red).toBeCloseTo(1 / (1 + Math.exp(-6)), 5);
    expect(routed.body.data.probabilities.red).toBeCloseTo(1 / (1 + Math.exp(-2)), 5);
  });

  it('a caller without the read permission cannot pin an unreviewed version', async () => {
    const slug = await createModel(app);
    await deploy(app, reviewer, slug, textClassifierOnnx({ strength: 1.5 }));
    const candidate = await uploadVersion(app, slug, textClassifierOnnx({ strength: 2.5 }));
    const { createApiToken } = await import('../helpers/strapi');
    const token = await createApiToken(app.strapi, {
      type: 'custom',
      permissions: ['plugin::model-manager.predictions.create'],
    });
    const headers = { Authorization: `Bearer ${token}` };

    const pinned = await app
      .http()
      .post(`/api/model-manager/models/${slug}/predict`)
      .set(headers)
      .send({ text: 'wall', version: candidate });
    const routed = await app
      .http()
      .post(`/api/model-manager/models/${slug}/predict`)
      .set(headers)
      .send({ text: 'wall' });

    expect(pinned.status).toBe(404);
    expect(routed.status).toBe(200);
  });

  it('a caller without the read permission cannot pin an approved version that is not serving; a reader of versions can', async () => {
    const slug = await createModel(app);
    await deploy(app, reviewer, slug, textClassifierOnnx({ strength: 1.75 }));
    const approved = await uploadVersion(app, slug, textClassifierOnnx({ strength: 2.75 }));
    await approve(app, reviewer, slug, approved);
    const { createApiToken } = await import('../helpers/strapi');
    const asToken = async (permissions: string[]) => ({
      Authorization: `Bearer ${await createApiToken(app.strapi, { type: 'custom', permissions })}`,
    });
    const predictOnly = await asToken(['plugin::model-manager.predictions.create']);
    const reader = await asToken([
      'plugin::model-manager.predictions.create',
      'plugin::model-manager.versions.find',
    ]);
    const pin = (headers: { Authorization: string }) =>
      app
        .http()
        .post(`/api/model-manager/models/${slug}/predict`)
        .set(headers)
        .send({ text: 'wall', version: approved });

    const refused = await pin(predictOnly);
    const allowed = await pin(reader);

    expect(refused.status).toBe(404);
    expect(refused.body.error).toMatchObject({
      status: 404,
      name: 'NotFoundError',
      details: { slug, version: approved },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.body.meta).toMatchObject({ version: approved, variant: 'pinned' });
  });

  describe('bad input', () => {
    it.each([
      ['no text at all', {}, 'text'],
      ['both text and texts', { text: 'a', texts: ['b'] }, 'text'],
      ['an empty text', { text: '' }, 'text'],
      ['a blank text', { text: '   \n' }, 'text'],
      ['a number as text', { text: 42 }, 'text'],
      ['an empty batch', { texts: [] }, 'texts'],
      ['a batch with a non-string', { texts: ['ok', null] }, 'texts.1'],
      ['an unknown key', { text: 'a', temperature: 2 }, 'temperature'],
      ['a non-boolean explain', { text: 'a', explain: 'yes' }, 'explain'],
      ['a version that is not a positive integer', { text: 'a', version: -1 }, 'version'],
    ])('%s is a 400 ValidationError naming the field', async (_, body, field) => {
      const res = await predict(foreign, body);

      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        data: null,
        error: { status: 400, name: 'ValidationError' },
      });
      const paths = res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'));
      expect(paths).toContain(field);
    });

    it('malformed JSON is a 400 ValidationError', async () => {
      const res = await app
        .http()
        .post(`/api/model-manager/models/${foreign}/predict`)
        .set(app.fullAccess)
        .set('Content-Type', 'application/json')
        .send('{"text": "unterminated');

      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('ValidationError');
    });

    it('a text over the length limit is a 413 naming the limit', async () => {
      const res = await predict(foreign, { text: 'wall '.repeat(5000) });

      expect(res.status).toBe(413);
      expect(res.body.error).toMatchObject({
        name: 'PayloadTooLargeError',
        details: { limit: 20000, field: 'text' },
      });
    });

    it('a batch over the size limit is a 413 naming the limit', async () => {
      const res = await predict(foreign, {
        texts: Array.from({ length: 2001 }, (_, i) => `text ${i}`),
      });

      expect(res.status).toBe(413);
      expect(res.body.error).toMatchObject({
        name: 'PayloadTooLargeError',
        details: { limit: 2000, field: 'texts' },
      });
    });

    it('an unknown model is a 404', async () => {
      const res = await predict(unique('ghost'), { text: 'hello there' });

      expect(res.status).toBe(404);
      expect(res.body.error.name).toBe('NotFoundError');
    });

    it('an unknown version is a 404', async () => {
      const res = await predict(foreign, { text: 'hello there', version: 999 });

      expect(res.status).toBe(404);
      expect(res.body.error.name).toBe('NotFoundError');
    });

    it('a model with no production version is a 409 saying so', async () => {
      const slug = await createModel(app);
      await uploadVersion(app, slug, textClassifierOnnx({ strength: 7.5 }));

      const res = await predict(slug, { text: 'hello there' });

      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/no production version/);
    });

    it('text with odd Unicode (emoji, RTL, combining marks, lone surrogates) still answers', async () => {
      const res = await predict(foreign, {
        texts: ['🇺🇸 wall 🧱', 'مرحبا بالعالم', 'e\u0301le\u0300ve', 'bad \ud800 surrogate'],
        explain: true,
      });

      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(4);
    });
  });
});
