import {
  bootstrapIntervals,
  bootstrapIntervalsYielding,
  quantileSorted,
  unitCounts,
} from './bootstrap';
import { brierScore, expectedCalibrationError } from './calibration-metrics';
import { classificationReport, rocAuc } from './metrics';
import { seededRandom } from './random';
import { scoredSet, weightedMetrics } from './weighted-metrics';

/** Weighted mean of 0/1 values: the statistic with a textbook standard error. */
const mean = (values: number[]) => (w: Float64Array) => {
  let s = 0;
  let n = 0;
  w.forEach((c, i) => {
    s += c * values[i];
    n += c;
  });
  return [s / n];
};

describe('bootstrapIntervals', () => {
  it('the 95 % interval of a proportion of 0.5 over 400 rows is 0.5 ± 1.96 · 0.025 (normal theory)', () => {
    const values = Array.from({ length: 400 }, (_, i) => i % 2);
    const [ci] = bootstrapIntervals(400, mean(values), { resamples: 4000, seed: 1 });
    expect(ci.low).toBeGreaterThan(0.451 - 0.01);
    expect(ci.low).toBeLessThan(0.451 + 0.01);
    expect(ci.high).toBeGreaterThan(0.549 - 0.01);
    expect(ci.high).toBeLessThan(0.549 + 0.01);
  });

  it('drawing whole groups widens it to what 40 independent groups give: 0.5 ± 1.96 · 0.079', () => {
    // 40 groups of 10 identical rows: the information is that of 40 rows, not 400.
    const values = Array.from({ length: 400 }, (_, i) => Math.floor(i / 10) % 2);
    const groups = values.map((_, i) => `g${Math.floor(i / 10)}`);
    const [ci] = bootstrapIntervals(400, mean(values), { resamples: 4000, seed: 2, groups });
    const half = 1.96 * Math.sqrt(0.25 / 40);
    expect(ci.low).toBeCloseTo(0.5 - half, 1);
    expect(ci.high).toBeCloseTo(0.5 + half, 1);
    const [rows] = bootstrapIntervals(400, mean(values), { resamples: 4000, seed: 2 });
    expect(ci.high - ci.low).toBeGreaterThan(2.5 * (rows.high - rows.low));
  });

  it('a paired difference of a model with itself is exactly [0, 0]; a constant is exactly itself', () => {
    const values = Array.from({ length: 50 }, (_, i) => (i * 7) % 3);
    const stat = (w: Float64Array) => [mean(values)(w)[0] - mean(values)(w)[0], 42];
    const [diff, constant] = bootstrapIntervals(50, stat, { resamples: 200, seed: 3 });
    expect(diff).toEqual({ low: 0, high: 0 });
    expect(constant).toEqual({ low: 42, high: 42 });
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const random = seededRandom(9);
    const values = Array.from({ length: 100 }, () => (random() < 0.3 ? 1 : 0));
    const run = (seed: number) => bootstrapIntervals(100, mean(values), { resamples: 300, seed });
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it('leaves undefined resamples out, and refuses bad input', () => {
    const [ci] = bootstrapIntervals(10, () => [NaN], { resamples: 10, seed: 1 });
    expect(Number.isNaN(ci.low)).toBe(true);
    expect(() => bootstrapIntervals(0, () => [0], { resamples: 10, seed: 1 })).toThrow(RangeError);
    expect(() => bootstrapIntervals(3, () => [0], { resamples: 0, seed: 1 })).toThrow(RangeError);
    expect(() =>
      bootstrapIntervals(3, () => [0], { resamples: 5, seed: 1, groups: ['a'] })
    ).toThrow(RangeError);
  });

  it('the yielding variant gives the same intervals and pauses between slices of resamples', async () => {
    const values = Array.from({ length: 80 }, (_, i) => i % 3);
    let pauses = 0;
    const yielding = await bootstrapIntervalsYielding(
      80,
      mean(values),
      { resamples: 500, seed: 4 },
      async () => {
        pauses++;
      }
    );
    expect(yielding).toEqual(bootstrapIntervals(80, mean(values), { resamples: 500, seed: 4 }));
    expect(pauses).toBe(9);
  });

  it('quantiles interpolate linearly (type 7)', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.025)).toBeCloseTo(1.075, 12);
  });
});

describe('weightedMetrics', () => {
  it('with every row once, equals the plain metrics', () => {
    const random = seededRandom(11);
    const n = 300;
    const truth = Array.from({ length: n }, () => (random() < 0.6 ? 1 : 0));
    const rows = truth
      .map((t) => {
        const p = Math.min(0.999, Math.max(0.001, 0.5 + (t ? 0.2 : -0.2) + (random() - 0.5) * 0.8));
        return [1 - p, Math.round(p * 20) / 20]; // rounded: ties in the AUC
      })
      .map(([, p]) => [1 - p, p]);
    const [acc, f1, auc, ece, brier] = weightedMetrics(scoredSet(truth, rows, 2), unitCounts(n));
    const names = truth.map((t) => (t ? 'b' : 'a'));
    const report = classificationReport(
      names,
      rows.map((r) => (r[1] > r[0] ? 'b' : 'a')),
      ['a', 'b']
    );
    expect(acc).toBeCloseTo(report.accuracy, 12);
    expect(f1).toBeCloseTo(report.macroF1, 12);
    expect(auc).toBeCloseTo(
      rocAuc(
        names,
        rows.map((r) => r[1]),
        'b'
      ),
      12
    );
    expect(ece).toBeCloseTo(expectedCalibrationError(rows, truth), 12);
    expect(brier).toBeCloseTo(brierScore(rows, truth), 12);
  });

  it('counts weigh rows: a row drawn twice counts twice', () => {
    const set = scoredSet(
      [1, 0],
      [
        [0.2, 0.8],
        [0.3, 0.7],
      ],
      2
    );
    expect(weightedMetrics(set, Float64Array.of(2, 1))[0]).toBeCloseTo(2 / 3, 12);
    expect(Number.isNaN(weightedMetrics(set, Float64Array.of(1, 0))[2])).toBe(true);
  });
});
