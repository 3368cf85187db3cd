import fs from 'fs';
import {
  INTERVAL_METRICS,
  type Comparison,
} from '../../src/plugins/model-manager/shared/contracts/compare';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { FOREIGN_MODEL } from '../helpers/data';
import { uploadVersion } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startApp, unique, type TestApp } from '../helpers/strapi';

/**
 * Compare on the debates holdout (1,201 utterances of 7 debates), imported as the evaluation
 * set: the foreign scikit-learn model against a weak fixture, with 95 % bootstrap intervals.
 */
describe('compare with bootstrap intervals', () => {
  let app: TestApp;
  let reviewer: AdminSession;
  // Importing 1,201 rows one document at a time takes a while on PostgreSQL: one grouped model serves two tests.
  let grouped: { slug: string; foreign: number; weak: number };
  const SLOW = 400_000;

  beforeAll(async () => {
    app = await startApp();
    reviewer = await createAdmin(app);
    grouped = await modelWithHoldout('debate');
  }, SLOW);
  afterAll(async () => {
    await app.stop();
  });

  async function modelWithHoldout(
    groupField?: string
  ): Promise<{ slug: string; foreign: number; weak: number }> {
    const slug = unique('intervals');
    const res = await app
      .http()
      .post('/api/model-manager/models')
      .set(app.fullAccess)
      .send({ data: { name: slug, slug, labels: ['blue', 'red'], evaluationDataset: 'holdout' } });
    if (res.status !== 201) throw new Error(`model create failed: ${res.status}`);
    const datasets = app.strapi.plugin('model-manager').service('datasets');
    await datasets.importJsonl(slug, {
      dataset: 'holdout',
      file: datasets.resolveDataPath('partisan/holdout.jsonl'),
      groupField,
    });
    const foreign = await uploadVersion(app, slug, fs.readFileSync(FOREIGN_MODEL));
    const weak = await uploadVersion(app, slug, textClassifierOnnx({ strength: 1.5 }));
    return { slug, foreign, weak };
  }

  const compare = async (
    slug: string,
    candidate: number,
    baseline: number
  ): Promise<Comparison> => {
    const res = await app
      .http()
      .get(`/model-manager/models/${slug}/compare?candidate=${candidate}&baseline=${baseline}`)
      .set(reviewer.headers);
    expect(res.status).toBe(200);
    return res.body.data;
  };

  it(
    'every metric and every paired difference has a 95 % interval, resampling whole debates; significant only when it excludes zero',
    async () => {
      const { slug, foreign, weak } = grouped;

      const comparison = await compare(slug, foreign, weak);
      const again = await compare(slug, foreign, weak);

      const { intervals } = comparison;
      expect(intervals).toMatchObject({
        method: 'percentile bootstrap',
        level: 0.95,
        resamples: 1000,
        groupedBy: 'debate',
        groups: 7,
      });
      for (const metric of INTERVAL_METRICS) {
        for (const side of [intervals.candidate[metric], intervals.baseline?.[metric]]) {
          expect(side?.low).toBeLessThanOrEqual(side?.value as number);
          expect(side?.high).toBeGreaterThanOrEqual(side?.value as number);
        }
        const d = intervals.difference?.[metric];
        expect(d?.value).toBeCloseTo(
          (intervals.candidate[metric].value as number) -
            (intervals.baseline?.[metric].value as number),
          12
        );
        expect(d?.significant).toBe((d?.low as number) > 0 || (d?.high as number) < 0);
      }
      expect(intervals.candidate.accuracy.value).toBeCloseTo(
        comparison.candidate.metrics.accuracy,
        12
      );
      expect(intervals.candidate.ece.value).toBeCloseTo(
        comparison.candidate.metrics.ece as number,
        12
      );
      expect(comparison.candidate.metrics.reliability).toHaveLength(10);
      expect(again.intervals).toEqual(intervals);
    },
    SLOW
  );

  it(
    'a version against itself differs by exactly [0, 0], not significant',
    async () => {
      const { slug, foreign } = grouped;

      const { intervals } = await compare(slug, foreign, foreign);

      for (const metric of INTERVAL_METRICS)
        expect(intervals.difference?.[metric]).toEqual({
          value: 0,
          low: 0,
          high: 0,
          significant: false,
        });
    },
    SLOW
  );

  it(
    'without a group field rows are drawn singly, and the intervals are narrower than when whole debates are',
    async () => {
      const single = await modelWithHoldout();

      const byDebate = (await compare(grouped.slug, grouped.foreign, grouped.weak)).intervals;
      const byRow = (await compare(single.slug, single.foreign, single.weak)).intervals;

      expect(byRow).toMatchObject({ groupedBy: null, groups: null });
      const width = (e: { low: number | null; high: number | null }) =>
        (e.high as number) - (e.low as number);
      expect(width(byRow.candidate.macroF1)).toBeLessThan(width(byDebate.candidate.macroF1));
      expect(byRow.candidate.macroF1.value).toBeCloseTo(
        byDebate.candidate.macroF1.value as number,
        12
      );
    },
    SLOW
  );
});
