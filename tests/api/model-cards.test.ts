import { parse } from 'yaml';
import { UIDS } from '../../src/plugins/model-manager/shared/constants';
import type { ModelCard } from '../../src/plugins/model-manager/shared/contracts/card';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { balanced, readJsonl } from '../helpers/data';
import { eventually } from '../helpers/eventually';
import { createModel, importRows, uploadVersion } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startApp, type TestApp } from '../helpers/strapi';

interface Row {
  text: string;
  label: string;
  group?: string;
}

const TRAIN = readJsonl<Row>('partisan/train.jsonl');
const HOLDOUT = readJsonl<Row>('partisan/holdout.jsonl');

/** Model cards: built from the evidence the registry holds, people's parts audited (issue 26). */
describe('model cards', () => {
  let app: TestApp;
  let editor: AdminSession;
  let slug: string;

  const card = (number: number, query = '') =>
    app
      .http()
      .get(`/model-manager/models/${slug}/versions/${number}/card${query}`)
      .set(editor.headers);

  beforeAll(async () => {
    app = await startApp();
    editor = await createAdmin(app);
    slug = await createModel(app, ['blue', 'red'], { evaluationDataset: 'x-holdout' });
    await importRows(app, slug, 'x-train', balanced(TRAIN, 60));
    await importRows(app, slug, 'x-holdout', balanced(HOLDOUT, 40));
    const queued = await app
      .http()
      .post(`/api/model-manager/models/${slug}/training-runs`)
      .set(app.fullAccess)
      .send({ data: { notes: 'for its card' } });
    expect(queued.status).toBe(202);
    await eventually(
      async () => {
        const run = await app
          .http()
          .get(`/api/model-manager/training-runs/${queued.body.data.documentId}`)
          .set(app.fullAccess);
        if (run.body.data.status === 'failed') throw new Error(JSON.stringify(run.body.data));
        return run.body.data.status === 'succeeded';
      },
      { timeoutMs: 120_000 }
    );
  });
  afterAll(async () => {
    await app.stop();
  });

  it("shows exactly the version's stored metrics and lineage as evidence", async () => {
    const res = await card(1);
    const version = (await app.strapi
      .documents(UIDS.version)
      .findFirst({ filters: { model: { slug }, number: 1 } })) as Record<string, any>;
    const data = res.body.data as ModelCard;

    expect(res.status).toBe(200);
    expect(data.evidence.metrics).toEqual(version.metrics);
    expect(data.evidence.training).toMatchObject({
      kind: 'trained',
      run: version.lineage.trainingRun,
      rows: version.lineage.datasetSize,
      datasetHash: version.lineage.datasetHash,
      parameters: version.lineage.parameters,
    });
    expect(data.evidence.training.rows).toBe(60);
    expect(Date.parse(data.evidence.training.rowDates!.first)).toBeLessThanOrEqual(
      Date.parse(data.evidence.training.rowDates!.last)
    );
    expect(data.evidence.training.sources).not.toBeNull();
    // scored afresh on the evaluation set: the point estimate equals the stored accuracy (same set)
    expect(data.evidence.today).toMatchObject({ dataset: 'x-holdout', size: 40 });
    const accuracy = data.evidence.today!.intervals.accuracy;
    expect(accuracy.value).toBeCloseTo(version.metrics.accuracy, 10);
    expect(accuracy.low!).toBeLessThanOrEqual(accuracy.value!);
    expect(accuracy.high!).toBeGreaterThanOrEqual(accuracy.value!);
    const wrong = Math.round((1 - version.metrics.accuracy) * 40);
    expect(data.evidence.today!.confidentMistakes).toHaveLength(Math.min(5, wrong));
    for (const m of data.evidence.today!.confidentMistakes) expect(m.truth).not.toBe(m.predicted);
    expect(data.evidence.review.audit.map((e) => e.action)).toContain('create');
    expect(data.people.intendedUse).toBeNull();
  });

  it("keeps editors' words with the version and audits each edit", async () => {
    const res = await app
      .http()
      .put(`/model-manager/models/${slug}/versions/1/card`)
      .set(editor.headers)
      .send({
        data: { intendedUse: 'Sorting debate quotes', caveats: 'English only: "quoted" | piped' },
      });
    const after = (await card(1)).body.data as ModelCard;
    const audit = await app.http().get(`/model-manager/models/${slug}/audit`).set(editor.headers);

    expect(res.status).toBe(200);
    expect(after.people).toMatchObject({
      intendedUse: 'Sorting debate quotes',
      caveats: 'English only: "quoted" | piped',
      outOfScope: null,
      updatedBy: { kind: 'admin' },
    });
    const edit = audit.body.data.find((e: { action: string }) => e.action === 'card');
    expect(edit).toMatchObject({ versionNumber: 1, actor: { kind: 'admin' } });
    expect(edit.comment).toContain('intendedUse');
    expect(edit.comment).toContain('caveats');
  });

  it('refuses an unknown part and a text past its limit, and changes nothing', async () => {
    const before = (await card(1)).body.data.people;
    const unknown = await app
      .http()
      .put(`/model-manager/models/${slug}/versions/1/card`)
      .set(editor.headers)
      .send({ data: { accuracy: '100 %' } });
    const long = await app
      .http()
      .put(`/model-manager/models/${slug}/versions/1/card`)
      .set(editor.headers)
      .send({ data: { caveats: 'x'.repeat(5001) } });

    expect([unknown.status, long.status]).toEqual([400, 400]);
    expect((await card(1)).body.data.people).toEqual(before);
  });

  it('exports as YAML front matter and Markdown that a YAML parser reads', async () => {
    const res = await card(1, '?format=markdown');
    const text = res.text;
    const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
    const meta = parse(match![1]);
    const stored = (await card(1)).body.data.evidence.metrics;

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/markdown/);
    expect(meta).toMatchObject({ library_name: 'onnx', pipeline_tag: 'text-classification' });
    const results = meta['model-index'][0].results[0];
    expect(results.dataset.name).toBe('x-holdout');
    expect(results.metrics.find((m: { type: string }) => m.type === 'accuracy').value).toBe(
      stored.accuracy
    );
    expect(match![2]).toContain('### Intended use\nSorting debate quotes');
    expect(match![2]).toContain('## Evidence (recorded by the system)');
  });

  it('gives an uploaded model the card of what can be measured', async () => {
    const number = await uploadVersion(app, slug, textClassifierOnnx());
    const data = (await card(number)).body.data as ModelCard;

    expect(data.evidence.training).toMatchObject({ kind: 'uploaded', run: null, rows: null });
    expect(data.version.signature).not.toBeNull();
    expect(data.evidence.metrics).toMatchObject({ dataset: 'x-holdout', size: 40 });
    expect(data.evidence.today?.size).toBe(40);
  });

  it('answers 404 for a version that does not exist', async () => {
    expect((await card(99)).status).toBe(404);
  });
});
