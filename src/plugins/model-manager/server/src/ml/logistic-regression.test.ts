import {
  fitLogisticRegression,
  logisticObjective,
  predictProbaLogistic,
} from './logistic-regression';
import { csrFromRows, type CsrMatrix } from './sparse';

function csr(dense: number[][]): CsrMatrix {
  const rows = dense.map((r) => {
    const idx = r.map((_, j) => j).filter((j) => r[j] !== 0);
    return { indices: Int32Array.from(idx), values: Float64Array.from(idx, (j) => r[j]) };
  });
  return csrFromRows(rows, dense[0].length);
}

const opts = { C: 1, maxIterations: 200, tolerance: 1e-10 };

function checkGradient(X: CsrMatrix, y: Int32Array, K: number, sw: Float64Array, size: number) {
  const f = logisticObjective(X, y, K, 0.7, sw);
  const theta = Float64Array.from({ length: size }, (_, i) => Math.sin(i + 1) * 0.8);
  const grad = new Float64Array(size);
  f(theta, grad);
  const h = 1e-6;
  for (let k = 0; k < size; k++) {
    const plus = Float64Array.from(theta);
    const minus = Float64Array.from(theta);
    plus[k] += h;
    minus[k] -= h;
    const scratch = new Float64Array(size);
    const numeric = (f(plus, scratch) - f(minus, scratch)) / (2 * h);
    expect(grad[k]).toBeCloseTo(numeric, 7);
  }
}

describe('logistic regression', () => {
  const X = csr([
    [1, 0, 2],
    [0, 1, 0],
    [3, 1, 0],
    [0, 0, 1],
    [1, 1, 1],
  ]);
  const sw = Float64Array.of(1, 2, 0.5, 1, 3);

  it('has a binary gradient that matches finite differences', () => {
    checkGradient(X, Int32Array.of(0, 1, 1, 0, 1), 2, sw, 3 + 1);
  });

  it('has a multinomial gradient that matches finite differences', () => {
    checkGradient(X, Int32Array.of(0, 1, 2, 2, 1), 3, sw, (3 + 1) * 3);
  });

  it('solves the symmetric two-point problem: w = 2C * sigmoid(-w), b = 0', () => {
    // x = +1 (class 1), x = -1 (class 0): f(w) = 2C ln(1 + e^-w) + w^2/2; for C = 1, w* = 0.674831614...
    const m = fitLogisticRegression(csr([[1], [-1]]), Int32Array.of(1, 0), 2, opts);
    expect(m.converged).toBe(true);
    expect(m.weights[0]).toBeCloseTo(0.6748316143423994, 7);
    expect(m.intercept[0]).toBeCloseTo(0, 7);
  });

  it('fits the (weighted) class frequency when features carry no information', () => {
    const empty = csrFromRows(
      Array.from({ length: 4 }, () => ({
        indices: new Int32Array(0),
        values: new Float64Array(0),
      })),
      1
    );
    // 3 of 4 positive: sigmoid(b) = 3/4, b = ln 3
    const m = fitLogisticRegression(empty, Int32Array.of(1, 1, 1, 0), 2, opts);
    expect(m.intercept[0]).toBeCloseTo(Math.log(3), 7);
    // balanced weights (4/6 for each positive, 4/2 for the negative) make the classes even: b = 0
    const balanced = fitLogisticRegression(empty, Int32Array.of(1, 1, 1, 0), 2, {
      ...opts,
      sampleWeight: Float64Array.of(2 / 3, 2 / 3, 2 / 3, 2),
    });
    expect(balanced.intercept[0]).toBeCloseTo(0, 7);
    // three classes with counts 1, 2, 3: softmax(b) = (1/6, 2/6, 3/6)
    const empty6 = csrFromRows(
      Array.from({ length: 6 }, () => ({
        indices: new Int32Array(0),
        values: new Float64Array(0),
      })),
      1
    );
    const multi = fitLogisticRegression(empty6, Int32Array.of(0, 1, 1, 2, 2, 2), 3, opts);
    const [p] = predictProbaLogistic(
      multi,
      csrFromRows([{ indices: new Int32Array(0), values: new Float64Array(0) }], 1)
    );
    expect(p[0]).toBeCloseTo(1 / 6, 7);
    expect(p[1]).toBeCloseTo(2 / 6, 7);
    expect(p[2]).toBeCloseTo(3 / 6, 7);
  });

  it('separates a separable toy set, with larger weights for larger C', () => {
    const toy = csr([
      [2, 0],
      [1, 0],
      [0, 1],
      [0, 3],
    ]);
    const y = Int32Array.of(1, 1, 0, 0);
    const weak = fitLogisticRegression(toy, y, 2, { ...opts, C: 0.1 });
    const strong = fitLogisticRegression(toy, y, 2, { ...opts, C: 10 });
    const proba = predictProbaLogistic(strong, toy);
    expect(proba.map((p) => (p[1] > 0.5 ? 1 : 0))).toEqual([1, 1, 0, 0]);
    expect(strong.weights[0]).toBeGreaterThan(weak.weights[0]);
    expect(strong.weights[1]).toBeLessThan(weak.weights[1]);
    for (const p of proba) expect(p[0] + p[1]).toBeCloseTo(1, 12);
  });

  it('is deterministic', () => {
    const y = Int32Array.of(0, 1, 2, 2, 1);
    const a = fitLogisticRegression(X, y, 3, opts);
    const b = fitLogisticRegression(X, y, 3, opts);
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
  });
});
