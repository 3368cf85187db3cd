import fs from 'fs';
import type { Outcomes } from '../../src/plugins/model-manager/shared/contracts/outcomes';
import { textKey } from '../../src/plugins/model-manager/server/src/subjects/subject-types';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { balanced, FOREIGN_MODEL, readJsonl } from '../helpers/data';
import { createModel, deploy } from '../helpers/models';
import { registerReader, type ReaderSession } from '../helpers/readers';
import { startApp, type TestApp } from '../helpers/strapi';

interface Row {
  text: string;
  label: string;
}

const HOLDOUT = readJsonl<Row>('partisan/holdout.jsonl');
const flip = (label: string) => (label === 'red' ? 'blue' : 'red');
const OUTCOMES = 'mm_prediction_outcomes';

/** Issue 23 and item 8 of issue 24: outcomes per variant count readers capped per account, and stay bounded. */
describe('outcomes per variant that a crowd of fresh accounts cannot move', () => {
  let app: TestApp;
  let reviewer: AdminSession;
  let slug: string;
  const api = '/api/model-manager/models';
  const config = () =>
    app.strapi.config.get('plugin::model-manager.outcomes') as Record<string, number>;

  beforeAll(async () => {
    app = await startApp();
    reviewer = await createAdmin(app);
    slug = await createModel(app);
    await deploy(app, reviewer, slug, fs.readFileSync(FOREIGN_MODEL));
  }, 300_000);
  afterAll(async () => {
    await app.stop();
  });

  async function predict(reader: ReaderSession, text: string): Promise<string> {
    const res = await app.http().post(`${api}/${slug}/predict`).set(reader.headers).send({ text });
    if (res.status !== 200)
      throw new Error(`predict failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data.label;
  }
  async function label(reader: ReaderSession, text: string, value: string) {
    const res = await app
      .http()
      .post(`${api}/${slug}/feedback`)
      .set(reader.headers)
      .send({ data: { text, label: value } });
    if (res.status !== 201)
      throw new Error(`feedback failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const champion = async () => {
    const res = await app
      .http()
      .get(`/model-manager/models/${slug}/outcomes`)
      .set(reviewer.headers);
    expect(res.status).toBe(200);
    return (res.body.data as Outcomes).variants.find((v) => v.variant === 'champion')!;
  };
  const withConfig = async <T>(patch: Record<string, number>, act: () => Promise<T>) => {
    const saved = { ...config() };
    app.strapi.config.set('plugin::model-manager.outcomes', { ...saved, ...patch });
    try {
      return await act();
    } finally {
      app.strapi.config.set('plugin::model-manager.outcomes', saved);
    }
  };

  it('when 20 fresh accounts label what they were answered the other way, the capped figure does not move past its interval, and says how many accounts it rests on', async () => {
    // The corpus (trusted) labels 40 holdout sentences; five readers predict 8 each and label them as the corpus does.
    const corpus = balanced(HOLDOUT.slice(0, 400), 40);
    const model = await app.strapi.plugin('model-manager').service('models').requireModel(slug);
    for (const { text, label: value } of corpus)
      await app.strapi.plugin('model-manager').service('feedback').give(model, {
        text,
        label: value,
        giverKey: 'import:corpus',
        source: 'import',
        dataset: 'corpus',
      });
    const honest: ReaderSession[] = [];
    for (let r = 0; r < 5; r += 1) {
      const reader = await registerReader(app);
      honest.push(reader);
      for (const row of corpus.slice(r * 8, r * 8 + 8)) {
        await predict(reader, row.text);
        await label(reader, row.text, row.label);
      }
    }
    const before = await champion();
    const targets = HOLDOUT.slice(800, 803).map((r) => r.text);

    for (let i = 0; i < 20; i += 1) {
      const sybil = await registerReader(app);
      for (const text of targets) await label(sybil, text, flip(await predict(sybil, text)));
    }
    const after = await champion();

    expect(before.capped).not.toBeNull();
    // Past its first labels a reader is answered by their personal model: the champion has their first few.
    expect(before).toMatchObject({ readers: 5, accounts: 5 });
    expect(after).toMatchObject({ readers: 25, accounts: 5, labelled: before.labelled + 60 });
    expect(after.capped!.accuracy).toBeGreaterThanOrEqual(before.capped!.interval.low);
    expect(after.capped!.accuracy).toBeLessThanOrEqual(before.capped!.interval.high);
    expect(after.capped!.accounts).toBe(5);
    // The pooled figure is what a crowd moves: 60 wrong answers pull it below its own interval.
    expect(after.accuracy).toBeLessThan(before.interval.low);
  }, 600_000);

  it("a reader's outcomes are bounded in count (the newest kept) and age, when the reader's next predictions are written", async () => {
    const reader = await registerReader(app);
    const key = `user:${reader.id}`;
    const texts = HOLDOUT.slice(900, 908).map((r) => r.text);
    const rows = () =>
      app.strapi.db.connection(OUTCOMES).where({ caller_key: key }).orderBy('id', 'asc');

    // outcome rows are written off the request path: flush() is the write the queue would make
    const written = () => app.strapi.plugin('model-manager').service('outcomes').flush();
    await withConfig({ maxPerReader: 5 }, async () => {
      for (const text of texts) await predict(reader, text);
      await written();
    });
    const kept = await rows();
    await app.strapi.db
      .connection(OUTCOMES)
      .where({ id: kept[0].id })
      .update({ predicted_at_ms: Date.now() - 400 * 24 * 60 * 60 * 1000 });
    await predict(reader, HOLDOUT[910].text);
    await written();
    const afterAge = await rows();

    expect(kept).toHaveLength(5);
    expect(kept.map((r: { subject_key: string }) => r.subject_key).sort()).toEqual(
      texts.slice(3).map(textKey).sort()
    );
    expect(afterAge).toHaveLength(5);
    expect(afterAge.map((r: { id: number }) => r.id)).not.toContain(kept[0].id);
  }, 300_000);

  it('the sweep drops rows past their age, and a report read a few readers at a time gives the same figures', async () => {
    await app.strapi.db.connection(OUTCOMES).insert({
      model_id: 999_999,
      caller_key: 'user:999999',
      subject_key: 'text:old',
      variant: 'champion',
      scope: 'global',
      served: 'gone@1',
      predicted_label: 'red',
      outcome_label: 'red',
      predicted_at_ms: Date.now() - 400 * 24 * 60 * 60 * 1000,
      labelled_at_ms: null,
    });

    const dropped = await app.strapi.plugin('model-manager').service('outcomes').prune();
    const whole = await champion();
    const paged = await withConfig({ pageSize: 2 }, champion);

    expect(whole?.capped).not.toBeNull(); // the first story's readers
    expect(dropped).toBeGreaterThanOrEqual(1);
    expect(await app.strapi.db.connection(OUTCOMES).where({ subject_key: 'text:old' })).toEqual([]);
    expect(paged).toEqual(whole);
  }, 300_000);
});
