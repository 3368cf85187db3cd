import { UIDS } from '../../src/plugins/model-manager/shared/constants';
import type { TrainingRunSummary } from '../../src/plugins/model-manager/shared/contracts/training';
import {
  exportToOnnx,
  trainTextClassifier,
  type TrainParams,
} from '../../src/plugins/model-manager/server/src/ml';
import { balanced, readJsonl } from '../helpers/data';
import { eventually } from '../helpers/eventually';
import { uploadVersion } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startApp, unique, type TestApp } from '../helpers/strapi';

interface Row {
  text: string;
  label: string;
}

const TRAIN = readJsonl<Row>('partisan/train.jsonl');
const HOLDOUT = readJsonl<Row>('partisan/holdout.jsonl');

/** Data lineage (issue 8): what a trained version learnt from, kept apart from what measures it. */
describe('data lineage of trained versions', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  const service = (name: string) => app.strapi.plugin('model-manager').service(name);

  async function createModel(): Promise<string> {
    const slug = unique('lineage');
    const res = await app
      .http()
      .post('/api/model-manager/models')
      .set(app.fullAccess)
      .send({
        data: { name: slug, slug, labels: ['blue', 'red'], evaluationDataset: 'x-holdout' },
      });
    if (res.status !== 201) throw new Error(`model create failed: ${res.status}`);
    return slug;
  }

  async function give(slug: string, dataset: string, rows: Row[], giverKey = 'import:test') {
    const model = await service('models').requireModel(slug);
    await app.strapi.db.transaction(async () => {
      for (const { text, label } of rows)
        await service('feedback').give(model, { text, label, giverKey, source: 'import', dataset });
    });
  }

  async function train(
    slug: string,
    data: Record<string, unknown> = {}
  ): Promise<TrainingRunSummary> {
    const queued = await app
      .http()
      .post(`/api/model-manager/models/${slug}/training-runs`)
      .set(app.fullAccess)
      .send({ data });
    if (queued.status !== 202) throw new Error(`queue failed: ${queued.status}`);
    return eventually(
      async () => {
        const run = (
          await app
            .http()
            .get(`/api/model-manager/training-runs/${queued.body.data.documentId}`)
            .set(app.fullAccess)
        ).body.data;
        return ['succeeded', 'failed'].includes(run.status) ? run : null;
      },
      { timeoutMs: 120_000, intervalMs: 100 }
    );
  }

  const versionDoc = async (slug: string, number: number) =>
    (await app.strapi
      .documents(UIDS.version)
      .findFirst({ filters: { model: { slug }, number } })) as Record<string, any>;

  it('an evaluation text labelled again in another dataset is kept out of training by its subject, not let in by its dataset name', async () => {
    const slug = await createModel();
    const holdout = balanced(HOLDOUT, 20);
    await give(slug, 'x-train', balanced(TRAIN, 40));
    await give(slug, 'x-holdout', holdout);
    // The same evaluation texts, labelled by a reader in the default dataset and re-imported under another name.
    await give(slug, 'feedback', holdout.slice(0, 6), 'user:1');
    await give(slug, 'x-renamed', holdout.slice(6, 12));

    const run = await train(slug);
    const rebuilt = await service('training').trainingSet(slug, run.version as number);

    expect(run).toMatchObject({ status: 'succeeded', datasetSize: 40 });
    const evaluationTexts = new Set(holdout.map((r) => r.text));
    expect(rebuilt.rows.filter((r: Row) => evaluationTexts.has(r.text))).toEqual([]);
  });

  it('a version records the feedback it was trained on, and its training set is rebuilt exactly: retraining it gives the same bytes', async () => {
    const slug = await createModel();
    await give(slug, 'x-train', balanced(TRAIN, 60));
    await give(slug, 'x-holdout', balanced(HOLDOUT, 20));
    const params: Partial<TrainParams> = { algorithm: 'naive-bayes', ngramRange: [1, 2], minDf: 1 };

    const run = await train(slug, params);
    const version = await versionDoc(slug, run.version as number);
    const rebuilt = await service('training').trainingSet(slug, run.version as number);
    const retrained = exportToOnnx(trainTextClassifier(rebuilt.rows, params), {
      metadata: { training_dataset_hash: run.datasetHash as string },
    });

    expect(version.lineage.feedback).toMatchObject({ count: 60, contentHash: rebuilt.contentHash });
    expect(version.lineage.feedback.idRanges.length).toBeGreaterThan(0);
    expect(rebuilt).toMatchObject({ size: 60, intact: true });
    expect(service('artifacts').hashOf(retrained)).toBe(version.artifactHash);
  });

  it('when a row it was trained on changes afterwards, the rebuild says it is no longer intact', async () => {
    const slug = await createModel();
    const rows = balanced(TRAIN, 30);
    await give(slug, 'x-train', rows);
    await give(slug, 'x-holdout', balanced(HOLDOUT, 10));
    const run = await train(slug);

    await give(slug, 'x-train', [
      { text: rows[0].text, label: rows[0].label === 'red' ? 'blue' : 'red' },
    ]);
    const rebuilt = await service('training').trainingSet(slug, run.version as number);

    expect(rebuilt).toMatchObject({ size: 30, intact: false });
  });

  it('an uploaded version has no training set to rebuild: a 409; a missing one a 404', async () => {
    const slug = await createModel();
    const number = await uploadVersion(app, slug, textClassifierOnnx({ strength: 2 }));

    await expect(service('training').trainingSet(slug, number)).rejects.toMatchObject({
      status: 409,
    });
    await expect(service('training').trainingSet(slug, number + 1)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });
});
