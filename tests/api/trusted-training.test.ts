import type {
  TrainingRunSummary,
  TrainingSources,
} from '../../src/plugins/model-manager/shared/contracts/training';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { balanced, readJsonl } from '../helpers/data';
import { eventually } from '../helpers/eventually';
import { registerReader, type ReaderSession } from '../helpers/readers';
import { startApp, unique, type TestApp } from '../helpers/strapi';

interface Row {
  text: string;
  label: string;
}

const TRAIN = readJsonl<Row>('partisan/train.jsonl');
const HOLDOUT = readJsonl<Row>('partisan/holdout.jsonl');
const flip = (label: string) => (label === 'red' ? 'blue' : 'red');

/**
 * Issue 23: a global model trains on trusted sources (imports, authors, editors, its experts); readers
 * only when it opts in, and then as capped votes, so a crowd of fresh accounts cannot steer it.
 */
describe('a global model that no crowd of fresh accounts can steer', () => {
  let app: TestApp;
  let editor: AdminSession;
  const api = '/api/model-manager/models';
  const service = (name: string) => app.strapi.plugin('model-manager').service(name);

  beforeAll(async () => {
    app = await startApp();
    editor = await createAdmin(app);
  }, 300_000);
  afterAll(async () => {
    await app.stop();
  });

  async function createModel(extra: Record<string, unknown> = {}): Promise<string> {
    const slug = unique('trusted');
    const res = await app
      .http()
      .post(api)
      .set(app.fullAccess)
      .send({
        data: { name: slug, slug, labels: ['blue', 'red'], evaluationDataset: 'x-eval', ...extra },
      });
    if (res.status !== 201)
      throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return slug;
  }

  /** The corpus: imported rows (trusted), and an evaluation set training never sees. */
  async function importCorpus(slug: string, rows: Row[]) {
    const model = await service('models').requireModel(slug);
    await app.strapi.db.transaction(async () => {
      for (const { text, label } of rows)
        await service('feedback').give(model, {
          text,
          label,
          giverKey: 'import:corpus',
          source: 'import',
          dataset: 'corpus',
        });
      for (const { text, label } of balanced(HOLDOUT, 30))
        await service('feedback').give(model, {
          text,
          label,
          giverKey: 'import:eval',
          source: 'import',
          dataset: 'x-eval',
        });
    });
  }

  async function label(reader: ReaderSession, slug: string, text: string, value: string) {
    const res = await app
      .http()
      .post(`${api}/${slug}/feedback`)
      .set(reader.headers)
      .send({ data: { text, label: value } });
    if (res.status !== 201)
      throw new Error(`feedback failed: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** Queues a run and waits until it has finished; the finished run. */
  async function train(slug: string): Promise<TrainingRunSummary> {
    const queued = await app
      .http()
      .post(`${api}/${slug}/training-runs`)
      .set(app.fullAccess)
      .send({ data: {} });
    if (queued.status !== 202) throw new Error(`queue failed: ${queued.status}`);
    const run = await eventually(
      async () => {
        const res = await app
          .http()
          .get(`/api/model-manager/training-runs/${queued.body.data.documentId}`)
          .set(app.fullAccess);
        const data = res.body.data as TrainingRunSummary;
        return data.status === 'succeeded' || data.status === 'failed' ? data : null;
      },
      { timeoutMs: 120_000, intervalMs: 100 }
    );
    if (run.status !== 'succeeded') throw new Error(`run failed: ${run.error}`);
    return run;
  }

  /** The labels a trained version gives the texts, scored by onnxruntime on its stored artifact. */
  async function answers(slug: string, version: number, texts: string[]): Promise<string[]> {
    const res = await app.http().get(`${api}/${slug}/versions/${version}`).set(app.fullAccess);
    const { rows, classLabels } = await service('runtime').predictProba(
      res.body.data.artifactHash,
      texts
    );
    return rows.map((p: number[]) => classLabels[p.indexOf(Math.max(...p))]);
  }

  it('when 20 fresh accounts label the same holdout sentences the other way, the retrained model answers them as before, by default and opted in', async () => {
    const slug = await createModel();
    await importCorpus(slug, balanced(TRAIN, 200));
    const targets = HOLDOUT.slice(600, 604).map((r) => r.text);
    const before = await answers(slug, (await train(slug)).version as number, targets);
    const sybils: ReaderSession[] = [];
    for (let i = 0; i < 20; i += 1) sybils.push(await registerReader(app));
    for (const sybil of sybils)
      for (const [i, text] of targets.entries()) await label(sybil, slug, text, flip(before[i]));

    const byDefault = await train(slug);
    const optIn = await app
      .http()
      .put(`/model-manager/models/${slug}`)
      .set(editor.headers)
      .send({ data: { trainOnReaders: true } });
    const optedIn = await train(slug);

    expect(await answers(slug, byDefault.version as number, targets)).toEqual(before);
    expect(byDefault.sources?.readers).toMatchObject({
      policy: 'excluded',
      labels: 80,
      accounts: 20,
    });
    expect(byDefault.sources?.byOrigin.reader).toEqual({ rows: 0, subjects: 0 });
    expect(optIn.status).toBe(200);
    expect(optIn.body.data.trainOnReaders).toBe(true);
    expect(await answers(slug, optedIn.version as number, targets)).toEqual(before);
    expect(optedIn.sources?.readers).toMatchObject({
      policy: 'aggregated',
      labels: 80,
      accounts: 20,
      weightedAccounts: 0,
      subjectsKept: 0,
      subjectsUnweighted: targets.length,
    });
    expect(optedIn.datasetHash).toBe(byDefault.datasetHash);
  }, 600_000);

  it('a model opts in at creation or later; what is fixed at creation cannot be changed that way', async () => {
    const slug = await createModel();
    const put = (data: object) =>
      app.http().put(`/model-manager/models/${slug}`).set(editor.headers).send({ data });

    const created = await app.http().get(`${api}/${slug}`).set(app.fullAccess);
    const slugChange = await put({ slug: 'another-slug' });
    const evaluationChange = await put({ evaluationDataset: 'nothing' });
    const optIn = await put({ trainOnReaders: true, description: 'learns from readers too' });

    expect(created.body.data.trainOnReaders).toBe(false);
    expect([slugChange.status, evaluationChange.status]).toEqual([400, 400]);
    expect(slugChange.body.error.name).toBe('ValidationError');
    expect(optIn.status).toBe(200);
    expect(optIn.body.data).toMatchObject({
      slug,
      trainOnReaders: true,
      description: 'learns from readers too',
      evaluationDataset: 'x-eval',
    });
  });

  it('a run records how many rows and subjects came from each source, and readers with a track record add one bounded row per subject only they labelled', async () => {
    const slug = await createModel({ trainOnReaders: true });
    const corpus = balanced(TRAIN.slice(2000), 60);
    await importCorpus(slug, corpus);
    const model = await service('models').requireModel(slug);
    await service('feedback').give(model, {
      text: 'an editor labels this sentence about the border',
      label: 'red',
      giverKey: `admin:${editor.id}`,
      source: 'editor',
      dataset: 'feedback',
    });
    const [expert, quietExpert] = [await registerReader(app), await registerReader(app)];
    const collective = await app
      .http()
      .post('/model-manager/collective-models')
      .set(editor.headers)
      .send({
        data: { name: unique('experts'), baseModel: slug, members: [expert.id, quietExpert.id] },
      });
    expect(collective.status).toBe(201);
    await label(expert, slug, 'an expert labels this sentence about health care', 'blue');
    await label(expert, slug, 'an expert labels this sentence about taxes', 'red');
    // Three readers agree with the corpus on 10 of its sentences and all contradict it on an 11th,
    // then label a sentence nobody trusted labelled.
    const readers = [
      await registerReader(app),
      await registerReader(app),
      await registerReader(app),
    ];
    for (const reader of readers) {
      for (const row of corpus.slice(0, 10)) await label(reader, slug, row.text, row.label);
      await label(reader, slug, corpus[10].text, flip(corpus[10].label));
      await label(reader, slug, 'a sentence only readers labelled, about the wall', 'red');
    }

    const run = await train(slug);
    const sources = run.sources as TrainingSources;

    expect(sources.byOrigin).toEqual({
      import: { rows: 60, subjects: 60 },
      author: { rows: 0, subjects: 0 },
      editor: { rows: 1, subjects: 1 },
      expert: { rows: 2, subjects: 2 },
      reader: { rows: 1, subjects: 1 },
    });
    expect(sources.readers).toMatchObject({
      policy: 'aggregated',
      labels: 36,
      accounts: 3,
      weightedAccounts: 3,
      subjectsKept: 1,
      subjectsOverruled: 11,
      subjectsUnweighted: 0,
    });
    expect(sources.readers.weight).toBeGreaterThan(0);
    expect(sources.readers.weight).toBeLessThanOrEqual(1);
    expect(run.datasetSize).toBe(64);
    expect(run.logs.some((line) => /^.*sources: import 60 rows \/ 60 subjects/.test(line))).toBe(
      true
    );
  }, 600_000);
});
