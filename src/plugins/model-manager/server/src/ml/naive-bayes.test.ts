import { fitNaiveBayes, predictProbaNaiveBayes } from './naive-bayes';
import { csrFromRows } from './sparse';

const row = (values: number[]) => {
  const idx = values.map((_, j) => j).filter((j) => values[j] !== 0);
  return { indices: Int32Array.from(idx), values: Float64Array.from(idx, (j) => values[j]) };
};

describe('multinomial naive Bayes', () => {
  // class 0: rows (2,1,0) and (1,0,1) -> counts (3,1,1), total 5; class 1: (0,1,3), total 4.
  const X = csrFromRows([row([2, 1, 0]), row([1, 0, 1]), row([0, 1, 3])], 3);
  const y = Int32Array.of(0, 0, 1);

  it('smooths likelihoods with alpha and takes priors from class frequencies', () => {
    const m = fitNaiveBayes(X, y, 2, { alpha: 1 });
    // theta0 = (4, 2, 2) / 8, theta1 = (1, 2, 4) / 7
    const theta = Array.from(m.featureLogProb, Math.exp);
    expect(theta[0]).toBeCloseTo(0.5, 12); // feature 0, class 0
    expect(theta[1]).toBeCloseTo(1 / 7, 12); // feature 0, class 1
    expect(theta[4]).toBeCloseTo(0.25, 12);
    expect(theta[5]).toBeCloseTo(4 / 7, 12);
    expect(Math.exp(m.classLogPrior[0])).toBeCloseTo(2 / 3, 12);
  });

  it('predicts the normalised joint likelihood', () => {
    const m = fitNaiveBayes(X, y, 2, { alpha: 1 });
    // x = (1,0,1): joint0 = 2/3 * 1/2 * 1/4 = 1/12, joint1 = 1/3 * 1/7 * 4/7 = 4/147 -> p0 = 147/195
    const [p] = predictProbaNaiveBayes(m, csrFromRows([row([1, 0, 1])], 3));
    expect(p[0]).toBeCloseTo(147 / 195, 12);
    expect(p[1]).toBeCloseTo(48 / 195, 12);
  });

  it('uses sample weights for priors and counts', () => {
    // weights 0.75, 0.75, 1.5 balance the classes: prior 1/2 each
    const m = fitNaiveBayes(X, y, 2, { alpha: 1, sampleWeight: Float64Array.of(0.75, 0.75, 1.5) });
    expect(Math.exp(m.classLogPrior[0])).toBeCloseTo(0.5, 12);
    // class 1 counts (0, 1.5, 4.5), total 6: theta(feature 2) = 5.5 / 9
    expect(Math.exp(m.featureLogProb[2 * 2 + 1])).toBeCloseTo(5.5 / 9, 12);
  });

  it('rejects negative features and a non-positive alpha', () => {
    expect(() =>
      fitNaiveBayes(csrFromRows([row([-1])], 1), Int32Array.of(0), 2, { alpha: 1 })
    ).toThrow(RangeError);
    expect(() => fitNaiveBayes(X, y, 2, { alpha: 0 })).toThrow(RangeError);
  });
});
