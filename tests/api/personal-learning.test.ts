import fs from 'node:fs';
import { exportToOnnx, trainTextClassifier } from '../../src/plugins/model-manager/server/src/ml';
import { PLACEHOLDER } from '../../src/plugins/model-manager/server/src/serving-engine/explain';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { balanced, FOREIGN_MODEL, readJsonl } from '../helpers/data';
import { approve, createModel, deploy, promote, uploadVersion } from '../helpers/models';
import { registerReader, type ReaderSession } from '../helpers/readers';
import { startApp, type TestApp } from '../helpers/strapi';

interface Utterance {
  text: string;
  label: string;
}

/**
 * Issue 23: a personal model learns what a reader means, not a label prior. Real debates, the
 * scikit-learn export as the global model, readers' JWTs through the real routes.
 */
describe('personal models learn words', () => {
  let app: TestApp;
  let editor: AdminSession;
  const api = '/api/model-manager/models';
  const IMMIGRATION = /\b(immigra\w*|border|deport\w*|illegal)\b/i;
  const train = readJsonl<Utterance>('partisan/train.jsonl');
  const holdout = readJsonl<Utterance>('partisan/holdout.jsonl');

  const predictAll = async (slug: string, texts: string[], reader?: ReaderSession) => {
    const res = await app
      .http()
      .post(`${api}/${slug}/predict`)
      .set(reader ? reader.headers : app.fullAccess)
      .send({ texts });
    expect(res.status).toBe(200);
    return {
      labels: res.body.data.map((p: { label: string }) => p.label) as string[],
      meta: res.body.meta,
    };
  };
  const label = async (slug: string, reader: ReaderSession, text: string, value: string) => {
    const res = await app
      .http()
      .post(`${api}/${slug}/feedback`)
      .set(reader.headers)
      .send({ data: { text, label: value } });
    expect(res.status).toBe(201);
    return res;
  };
  const agreement = (a: string[], b: string[]) => a.filter((l, i) => l === b[i]).length / a.length;

  /** Texts of the topic the global model answers red, and texts off the topic. */
  async function pools(slug: string) {
    const topic = (rows: Utterance[]) => rows.filter((r) => IMMIGRATION.test(r.text));
    const redOnes = async (rows: Utterance[], n: number) => {
      const texts = rows.map((r) => r.text);
      const { labels } = await predictAll(slug, texts);
      return texts.filter((_, i) => labels[i] === 'red').slice(0, n);
    };
    return {
      taught: await redOnes(topic(train).slice(0, 80), 12),
      unseen: await redOnes(topic(holdout), 12),
      rest: balanced(
        holdout.filter((r) => !IMMIGRATION.test(r.text)),
        120
      ),
    };
  }

  async function deployed(bytes: Buffer) {
    const slug = await createModel(app);
    await deploy(app, editor, slug, bytes);
    return slug;
  }

  beforeAll(async () => {
    // the foreign graph as onnxruntime serves it (leave-one-out explanations), not compiled
    process.env.MODEL_MANAGER_COMPILED_SCORERS = 'false';
    app = await startApp();
    delete process.env.MODEL_MANAGER_COMPILED_SCORERS;
    editor = await createAdmin(app);
  }, 300_000);
  afterAll(async () => {
    await app.stop();
  });

  it('a reader who reads immigration as blue is followed on immigration texts they never labelled, and nowhere else; re-labelling brings the answers back', async () => {
    const slug = await deployed(fs.readFileSync(FOREIGN_MODEL));
    const { taught, unseen, rest } = await pools(slug);
    expect(unseen.length).toBeGreaterThanOrEqual(8);
    const reader = await registerReader(app);
    const global = await predictAll(
      slug,
      rest.map((r) => r.text)
    );
    // The reader agrees with the truth elsewhere and gives every immigration text blue.
    for (const r of balanced(
      train.filter((t) => !IMMIGRATION.test(t.text)),
      40
    ))
      await label(slug, reader, r.text, r.label);
    for (const text of taught) await label(slug, reader, text, 'blue');

    const followed = await predictAll(slug, unseen, reader);
    expect(followed.meta.scope).toBe('personal');
    const blue = followed.labels.filter((l) => l === 'blue').length;
    expect(blue / unseen.length).toBeGreaterThan(0.5); // the global model says red on every one
    const elsewhere = await predictAll(
      slug,
      rest.map((r) => r.text),
      reader
    );
    // Elsewhere it is still right (against the truth, which the reader agrees with) as often as the global model.
    const truth = rest.map((r) => r.label);
    expect(agreement(elsewhere.labels, truth)).toBeGreaterThanOrEqual(
      agreement(global.labels, truth) - 0.05
    );

    // Re-labelling the same texts replaces the labels (no row is added) and the topic comes back.
    const before = (await app.http().get(`${api}/${slug}/personal`).set(reader.headers)).body.data;
    for (const text of taught) await label(slug, reader, text, 'red');
    const after = (await app.http().get(`${api}/${slug}/personal`).set(reader.headers)).body.data;
    expect(after.labels).toBe(before.labels);
    const back = await predictAll(slug, unseen, reader);
    expect(back.labels.filter((l) => l === 'red').length / unseen.length).toBeGreaterThan(0.8);
  }, 300_000);

  it("after a promotion the reader's correction is learnt against the new champion", async () => {
    const slug = await deployed(fs.readFileSync(FOREIGN_MODEL));
    const reader = await registerReader(app);
    const { taught, unseen } = await pools(slug);
    for (const text of taught) await label(slug, reader, text, 'blue');
    const routing = app.strapi.plugin('model-manager').service('routing-table');
    const model = await app.strapi.db
      .query('plugin::model-manager.model')
      .findOne({ where: { slug } });
    const stored = async () =>
      JSON.parse(
        (
          await app.strapi.db
            .connection('mm_personal_models')
            .where({ model_id: model.id, user_id: reader.id })
            .first('weights')
        ).weights
      ) as { h: string };
    expect((await stored()).h).toBe(routing.champion(slug).hash);

    const own = Buffer.from(
      exportToOnnx(
        trainTextClassifier(balanced(train, 600), {
          algorithm: 'logistic-regression',
          ngramRange: [1, 2],
          minDf: 2,
        })
      )
    );
    const second = await uploadVersion(app, slug, own);
    await approve(app, editor, slug, second);
    await promote(app, slug, second);
    const newHash = routing.champion(slug).hash;
    expect((await stored()).h).not.toBe(newHash);

    const answer = await predictAll(slug, unseen, reader);
    expect(answer.meta).toMatchObject({ scope: 'personal', version: second });
    expect((await stored()).h).toBe(newHash);
    expect(answer.labels.filter((l) => l === 'blue').length / unseen.length).toBeGreaterThan(0.5);
  }, 300_000);

  it("leave-one-out explanations of a personal answer are the personal model's own: each word's weight is what leaving it out changes", async () => {
    const slug = await deployed(fs.readFileSync(FOREIGN_MODEL));
    const reader = await registerReader(app);
    const { taught, unseen } = await pools(slug);
    for (const text of taught) await label(slug, reader, text, 'blue');
    const text = unseen[0];

    const res = await app
      .http()
      .post(`${api}/${slug}/predict`)
      .set(reader.headers)
      .send({ text, explain: true });
    expect(res.status).toBe(200);
    expect(res.body.meta.scope).toBe('personal');
    const { label: k, probabilities, explanation } = res.body.data;
    expect(explanation.method).toBe('leave-one-out');
    const words = new Map<string, Array<{ start: number; end: number; weight: number }>>();
    for (const t of explanation.tokens)
      words.set(t.text.toLowerCase(), [...(words.get(t.text.toLowerCase()) ?? []), t]);
    const checked = [...words.entries()].slice(0, 4);
    for (const [, spans] of checked) {
      let variant = '';
      let cursor = 0;
      for (const s of spans) {
        variant += text.slice(cursor, s.start) + PLACEHOLDER;
        cursor = s.end;
      }
      variant += text.slice(cursor);
      const without = await app
        .http()
        .post(`${api}/${slug}/predict`)
        .set(reader.headers)
        .send({ texts: [variant] });
      expect(without.body.meta.scope).toBe('personal');
      const total = spans.reduce((s, t) => s + t.weight, 0);
      expect(total).toBeCloseTo(probabilities[k] - without.body.data[0].probabilities[k], 5);
    }
  }, 300_000);
});
