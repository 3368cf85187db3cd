import fs from 'fs';
import { ACTIONS } from '../../src/plugins/model-manager/shared/constants';
import type { Comparison } from '../../src/plugins/model-manager/shared/contracts/compare';
import { rocAuc } from '../../src/plugins/model-manager/server/src/ml';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { FOREIGN_MODEL, foreignTestVectors } from '../helpers/data';
import { approve, createModel as createSomeModel, promote, uploadVersion } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startApp, type TestApp } from '../helpers/strapi';

/** Where two answers differ, numbers allowed 1e-6 (two engines that agree to 1e-6): the paths that differ. */
function differences(actual: unknown, expected: unknown, at = ''): string[] {
  if (typeof actual === 'number' && typeof expected === 'number')
    return Math.abs(actual - expected) <= 1e-6 ? [] : [`${at}: ${actual} != ${expected}`];
  if (actual && expected && typeof actual === 'object' && typeof expected === 'object') {
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    return [...keys].flatMap((k) =>
      differences(
        (actual as Record<string, unknown>)[k],
        (expected as Record<string, unknown>)[k],
        `${at}.${k}`
      )
    );
  }
  return actual === expected ? [] : [`${at}: ${String(actual)} != ${String(expected)}`];
}

/** Holdout texts (30 of each party, alternating) with their true labels and what scikit-learn itself predicted. */
const VECTORS = foreignTestVectors();
const EVAL_SIZE = 60;
const ALL = VECTORS.texts.map((text, i) => ({
  text,
  label: VECTORS.labels[i],
  sklearnRed: VECTORS.sklearn_proba_red[i],
}));
const byParty = (label: string) => ALL.filter((r) => r.label === label);
const EVAL = Array.from(
  { length: EVAL_SIZE },
  (_, i) => byParty(i % 2 ? 'red' : 'blue')[Math.floor(i / 2)]
);

describe('evaluation of versions', () => {
  let app: TestApp;
  let reviewer: AdminSession;
  let strength = 20;
  const fixture = () => textClassifierOnnx({ strength: (strength += 0.25) });

  beforeAll(async () => {
    app = await startApp();
    reviewer = await createAdmin(app);
  });
  afterAll(async () => {
    await app.stop();
  });

  const createModel = (evaluationDataset: string | null = 'x-holdout') =>
    createSomeModel(app, ['blue', 'red'], evaluationDataset ? { evaluationDataset } : {});

  /** The holdout rows as the model's evaluation dataset, given in order through the feedback service. */
  async function giveEvaluationSet(slug: string, rows = EVAL) {
    const plugin = app.strapi.plugin('model-manager');
    const model = await plugin.service('models').requireModel(slug);
    await app.strapi.db.transaction(async () => {
      for (const { text, label } of rows) {
        await plugin.service('feedback').give(model, {
          text,
          label,
          giverKey: 'import:test',
          source: 'import',
          dataset: 'x-holdout',
        });
      }
    });
  }

  const version = async (slug: string, number: number) =>
    (
      await app
        .http()
        .get(`/api/model-manager/models/${slug}/versions/${number}`)
        .set(app.fullAccess)
    ).body.data;
  const compare = (slug: string, query: string, headers = reviewer.headers) =>
    app.http().get(`/model-manager/models/${slug}/compare?${query}`).set(headers);
  const predictedLabels = async (slug: string, number: number): Promise<string[]> => {
    const res = await app
      .http()
      .post(`/api/model-manager/models/${slug}/predict`)
      .set(app.fullAccess)
      .send({ texts: EVAL.map((r) => r.text), version: number });
    return res.body.data.map((p: { label: string }) => p.label);
  };

  it("when a version is uploaded to a model with an evaluation set, its metrics are stored and agree with scikit-learn's own predictions", async () => {
    const slug = await createModel();
    await giveEvaluationSet(slug);
    const truth = EVAL.map((r) => r.label);
    const sklearnLabels = EVAL.map((r) => (r.sklearnRed > 0.5 ? 'red' : 'blue'));
    const expectedAccuracy =
      sklearnLabels.filter((label, i) => label === truth[i]).length / EVAL_SIZE;

    const number = await uploadVersion(app, slug, fs.readFileSync(FOREIGN_MODEL));
    const { metrics } = await version(slug, number);

    expect(metrics).toMatchObject({
      dataset: 'x-holdout',
      size: EVAL_SIZE,
      labels: ['blue', 'red'],
    });
    expect(metrics.accuracy).toBeCloseTo(expectedAccuracy, 10);
    expect(metrics.auc).toBeCloseTo(
      rocAuc(
        truth,
        EVAL.map((r) => r.sklearnRed),
        'red'
      ),
      4
    );
    expect(metrics.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(EVAL_SIZE);
    expect(
      metrics.perClass.map((c: { label: string; support: number }) => [c.label, c.support])
    ).toEqual([
      ['blue', truth.filter((l) => l === 'blue').length],
      ['red', truth.filter((l) => l === 'red').length],
    ]);
  });

  it.each([
    ['no evaluation dataset', null],
    ['an evaluation dataset with no rows yet', 'x-empty'],
  ])('when the model has %s, an upload stores no metrics', async (_, evaluationDataset) => {
    const slug = await createModel(evaluationDataset);

    const number = await uploadVersion(app, slug, fixture());

    expect((await version(slug, number)).metrics).toBeNull();
  });

  it('compare scores a candidate against the production version on the same set and lists the examples that flip', async () => {
    const slug = await createModel();
    await giveEvaluationSet(slug);
    const champion = await uploadVersion(app, slug, fs.readFileSync(FOREIGN_MODEL));
    await approve(app, reviewer, slug, champion);
    await promote(app, slug, champion);
    const candidate = await uploadVersion(app, slug, fixture());
    const [championLabels, candidateLabels] = [
      await predictedLabels(slug, champion),
      await predictedLabels(slug, candidate),
    ];
    const expectedFlips = EVAL.flatMap((row, i) =>
      championLabels[i] === candidateLabels[i]
        ? []
        : [
            {
              text: row.text,
              truth: row.label,
              candidate: candidateLabels[i],
              baseline: championLabels[i],
            },
          ]
    );

    const res = await compare(slug, `candidate=${candidate}`);

    expect(res.status).toBe(200);
    const data = res.body.data as Comparison;
    expect(data).toMatchObject({ dataset: 'x-holdout', size: EVAL_SIZE, labels: ['blue', 'red'] });
    // Stored at upload by onnxruntime (float32); served now by a compiled scorer that agrees to 1e-6.
    expect(
      differences(data.candidate, {
        number: candidate,
        metrics: (await version(slug, candidate)).metrics,
      })
    ).toEqual([]);
    expect(
      differences(data.baseline, {
        number: champion,
        metrics: (await version(slug, champion)).metrics,
      })
    ).toEqual([]);
    expect(expectedFlips.length).toBeGreaterThan(0);
    expect(data.flips).toEqual(expectedFlips.slice(0, 100));
    const right = (side: 'candidate' | 'baseline') =>
      expectedFlips.filter((f) => f[side] === f.truth).length;
    expect(data.flipCounts).toEqual({
      total: expectedFlips.length,
      candidateRight: right('candidate'),
      baselineRight: right('baseline'),
      bothWrong: expectedFlips.length - right('candidate') - right('baseline'),
    });
  });

  it('compare takes an explicit baseline instead of the production version', async () => {
    const slug = await createModel();
    await giveEvaluationSet(slug, EVAL.slice(0, 30));
    const first = await uploadVersion(app, slug, fs.readFileSync(FOREIGN_MODEL));
    const second = await uploadVersion(app, slug, fixture());

    const forward = (await compare(slug, `candidate=${second}&baseline=${first}`)).body
      .data as Comparison;
    const backward = (await compare(slug, `candidate=${first}&baseline=${second}`)).body
      .data as Comparison;

    expect([forward.candidate.number, forward.baseline?.number]).toEqual([second, first]);
    expect(forward.flips.length).toBeGreaterThan(0);
    expect(backward.flips).toEqual(
      forward.flips.map((f) => ({ ...f, candidate: f.baseline, baseline: f.candidate }))
    );
  });

  it('when there is no production version and no baseline, compare answers the candidate alone with no flips', async () => {
    const slug = await createModel();
    await giveEvaluationSet(slug, EVAL.slice(0, 20));
    const number = await uploadVersion(app, slug, fixture());

    const res = await compare(slug, `candidate=${number}`);

    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      candidate: { number },
      baseline: null,
      flips: [],
      flipCounts: null,
    });
  });

  it.each([
    ['a candidate that is not a number', 400, 'ValidationError', 'candidate=abc'],
    ['no candidate', 400, 'ValidationError', 'baseline=1'],
    ['an unknown query key', 400, 'ValidationError', 'candidate=1&colour=red'],
    ['a version the model does not have', 404, 'NotFoundError', 'candidate=9'],
    ['a baseline the model does not have', 404, 'NotFoundError', 'candidate=1&baseline=9'],
  ])('when compare is asked with %s, it is a %s %s', async (_, status, name, query) => {
    const slug = await createModel();
    await uploadVersion(app, slug, fixture());

    const res = await compare(slug, query);

    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ status, name });
  });

  it('when the model has no evaluation set, compare is a 409 saying so', async () => {
    const slug = await createModel(null);
    await uploadVersion(app, slug, fixture());

    const res = await compare(slug, 'candidate=1');

    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/no evaluation set/);
  });

  it('compare needs the read permission', async () => {
    const slug = await createModel();
    await uploadVersion(app, slug, fixture());
    const trainerOnly = await createAdmin(app, [ACTIONS.train]);

    const [refused, anonymous] = await Promise.all([
      compare(slug, 'candidate=1', trainerOnly.headers),
      app.http().get(`/model-manager/models/${slug}/compare?candidate=1`),
    ]);

    expect(refused.status).toBe(403);
    expect(anonymous.status).toBe(401);
  });
});
