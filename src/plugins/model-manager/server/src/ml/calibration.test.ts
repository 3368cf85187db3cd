import { calibrateScores, calibrationMetadata, fitPlatt, fitTemperature } from './calibration';
import { brierScore, expectedCalibrationError, reliabilityBins } from './calibration-metrics';
import { seededRandom } from './random';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softmax = (row: number[]) => {
  const m = Math.max(...row);
  const e = row.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
};

/** Outcomes drawn from true log-odds z; a model that reports `distort(z)` is mis-calibrated. */
function synthetic(n: number, seed: number) {
  const random = seededRandom(seed);
  const z = Array.from({ length: n }, () => (random() - 0.5) * 8);
  const y = z.map((t) => (random() < sigmoid(t) ? 1 : 0));
  return { z, y };
}

const asRows = (logOdds: number[]) => logOdds.map((t) => [1 - sigmoid(t), sigmoid(t)]);

describe('calibration of a synthetic mis-calibrated model', () => {
  const { z, y } = synthetic(20_000, 7);

  it('Platt scaling recovers an overconfident, shifted model: a = 1/3, b = -1/3 undo logits 3z + 1', () => {
    const reported = z.map((t) => 3 * t + 1);
    const before = expectedCalibrationError(asRows(reported), y);
    const fit = fitPlatt(reported, y);
    if (fit.method !== 'platt') throw new Error('expected Platt');
    expect(fit.a).toBeCloseTo(1 / 3, 1);
    expect(fit.b).toBeCloseTo(-1 / 3, 1);
    const fixed = asRows(reported.map((t) => fit.a * t + fit.b));
    expect(before).toBeGreaterThan(0.08);
    expect(expectedCalibrationError(fixed, y)).toBeLessThan(0.02);
    expect(brierScore(fixed, y)).toBeLessThan(brierScore(asRows(reported), y));
  });

  it('temperature scaling recovers T = 2.5 from logits scaled by 2.5, leaving every argmax alone', () => {
    const scores = z.map((t) => [-1.25 * t, 1.25 * t]);
    const fit = fitTemperature(scores, y);
    if (fit.method !== 'temperature') throw new Error('expected temperature');
    expect(fit.temperature).toBeCloseTo(2.5, 1);
    const fixed = scores.map((s) => softmax(calibrateScores(s, fit)));
    expect(expectedCalibrationError(scores.map(softmax), y)).toBeGreaterThan(0.08);
    expect(expectedCalibrationError(fixed, y)).toBeLessThan(0.02);
    fixed.forEach((p, i) => expect(p[1] > p[0]).toBe(scores[i][1] > scores[i][0]));
  });

  it('an underconfident three-class model gets a temperature below 1', () => {
    const random = seededRandom(3);
    const truthScores = Array.from({ length: 6000 }, () =>
      [0, 1, 2].map(() => (random() - 0.5) * 6)
    );
    const y3 = truthScores.map((s) => {
      const p = softmax(s);
      const u = random();
      return u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
    });
    const fit = fitTemperature(
      truthScores.map((s) => s.map((x) => x / 2)),
      y3
    );
    expect(fit).toMatchObject({ method: 'temperature' });
    expect((fit as { temperature: number }).temperature).toBeCloseTo(0.5, 1);
  });

  it('Platt on uncentred scores uses only their difference', () => {
    const p1 = softmax(calibrateScores([5, 7], { method: 'platt', a: 2, b: -1 }));
    expect(p1[1]).toBeCloseTo(sigmoid(2 * 2 - 1), 12);
  });

  it('writes the metadata contract exactly', () => {
    expect(calibrationMetadata({ method: 'platt', a: 1.5, b: -0.25 })).toBe(
      '{"method":"platt","a":1.5,"b":-0.25}'
    );
    expect(calibrationMetadata({ method: 'temperature', temperature: 0.7 })).toBe(
      '{"method":"temperature","temperature":0.7}'
    );
  });

  it('refuses empty or mismatched inputs', () => {
    expect(() => fitPlatt([], [])).toThrow(RangeError);
    expect(() => fitTemperature([[0, 1]], [])).toThrow(RangeError);
  });
});

describe('ECE, Brier and reliability bins', () => {
  it('ECE of known bins: 10 equal-width bins on the top-label confidence', () => {
    // Four rows at confidence 0.9 (3 right), two at 0.6 (1 right): (4/6)|0.75-0.9| + (2/6)|0.5-0.6|.
    const rows = [
      [0.1, 0.9],
      [0.1, 0.9],
      [0.1, 0.9],
      [0.9, 0.1],
      [0.4, 0.6],
      [0.6, 0.4],
    ];
    const truth = [1, 1, 1, 1, 1, 1];
    expect(expectedCalibrationError(rows, truth)).toBeCloseTo((4 / 6) * 0.15 + (2 / 6) * 0.1, 12);
    const bins = reliabilityBins(rows, truth);
    expect(bins).toHaveLength(10);
    expect(bins[9]).toMatchObject({ count: 4, accuracy: 0.75 });
    expect(bins[9].confidence).toBeCloseTo(0.9, 12);
    expect(bins[6]).toMatchObject({ count: 2, accuracy: 0.5 });
    expect(bins[0]).toMatchObject({ count: 0, confidence: null, accuracy: null });
  });

  it('Brier equals scikit-learn brier_score_loss for two classes', () => {
    expect(
      brierScore(
        [
          [0.2, 0.8],
          [0.7, 0.3],
        ],
        [1, 1]
      )
    ).toBeCloseTo((0.04 + 0.49) / 2, 12);
  });

  it('a confidence of exactly 1 falls in the last bin', () => {
    expect(reliabilityBins([[0, 1]], [1])[9].count).toBe(1);
  });
});
