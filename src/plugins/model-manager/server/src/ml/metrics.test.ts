import { accuracy, classificationReport, confusionMatrix, macroF1, rocAuc } from './metrics';

describe('metrics', () => {
  const yTrue = ['a', 'a', 'a', 'b', 'b', 'c'];
  const yPred = ['a', 'b', 'a', 'b', 'c', 'c'];

  it('computes accuracy and the confusion matrix (rows true, columns predicted)', () => {
    expect(accuracy(yTrue, yPred)).toBeCloseTo(4 / 6, 12);
    expect(confusionMatrix(yTrue, yPred)).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
  });

  it('computes per-class precision, recall, F1, support and macro-F1', () => {
    const r = classificationReport(yTrue, yPred);
    expect(r.labels).toEqual(['a', 'b', 'c']);
    // a: P 2/2, R 2/3, F1 0.8 | b: P 1/2, R 1/2, F1 0.5 | c: P 1/2, R 1, F1 2/3
    expect(r.perClass[0]).toEqual({
      label: 'a',
      precision: 1,
      recall: expect.closeTo(2 / 3, 12),
      f1: expect.closeTo(0.8, 12),
      support: 3,
    });
    expect(r.perClass[1].f1).toBeCloseTo(0.5, 12);
    expect(r.perClass[2].precision).toBeCloseTo(0.5, 12);
    expect(r.perClass[2].recall).toBe(1);
    expect(r.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12);
    expect(macroF1(yTrue, yPred)).toBeCloseTo(0.6555555555555556, 12);
  });

  it('scores a never-predicted class 0 (zero_division = 0)', () => {
    const r = classificationReport(['x', 'y'], ['x', 'x'], ['x', 'y']);
    expect(r.perClass[1]).toEqual({ label: 'y', precision: 0, recall: 0, f1: 0, support: 1 });
  });

  it('computes ROC AUC by ranks, a tie counting one half', () => {
    // positives 0.9, 0.8, 0.1 vs negatives 0.8, 0.3: wins 2 + 1.5 + 0 out of 6 pairs
    expect(rocAuc(['p', 'n', 'p', 'n', 'p'], [0.9, 0.8, 0.8, 0.3, 0.1], 'p')).toBeCloseTo(
      3.5 / 6,
      12
    );
    expect(rocAuc(['n', 'p'], [0.1, 0.2], 'p')).toBe(1);
    expect(rocAuc(['n', 'p'], [0.2, 0.1], 'p')).toBe(0);
    expect(rocAuc(['n', 'p', 'n', 'p'], [0.5, 0.5, 0.5, 0.5], 'p')).toBe(0.5);
  });

  it('rejects AUC with a single class and mismatched lengths', () => {
    expect(() => rocAuc(['p', 'p'], [0.1, 0.2], 'p')).toThrow(RangeError);
    expect(() => accuracy(['a'], ['a', 'b'])).toThrow(RangeError);
  });
});
