import { countFlips, evaluationMetrics, findFlips, predictedLabels } from './evaluation-report';

describe('evaluationMetrics', () => {
  const labels = ['blue', 'red'];
  const truth = ['blue', 'blue', 'red', 'red'];
  // red probabilities 0.2, 0.6, 0.4, 0.9: predictions blue, red, blue, red
  const rows = [
    [0.8, 0.2],
    [0.4, 0.6],
    [0.6, 0.4],
    [0.1, 0.9],
  ];

  it('scores predictions in the artifact class order, with AUC of the second class', () => {
    const m = evaluationMetrics('holdout', truth, rows, labels);

    expect(m).toMatchObject({
      dataset: 'holdout',
      size: 4,
      labels,
      accuracy: 0.5,
      confusion: [
        [1, 1],
        [1, 1],
      ],
    });
    expect(m.macroF1).toBeCloseTo(0.5);
    // pairs (pos, neg): (0.4,0.2) (0.4,0.6) (0.9,0.2) (0.9,0.6) -> 3 of 4 ranked right
    expect(m.auc).toBeCloseTo(0.75);
    expect(m.perClass).toEqual([
      { label: 'blue', precision: 0.5, recall: 0.5, f1: 0.5, support: 2 },
      { label: 'red', precision: 0.5, recall: 0.5, f1: 0.5, support: 2 },
    ]);
  });

  it('follows the artifact order when it is not alphabetical', () => {
    const m = evaluationMetrics(
      'holdout',
      truth,
      rows.map(([b, r]) => [r, b]),
      ['red', 'blue']
    );

    expect(m.labels).toEqual(['red', 'blue']);
    expect(m.accuracy).toBe(0.5);
    // positive is now "blue", scored by its own probability: blue 0.8, 0.4 vs red 0.6, 0.1 -> 3 of 4
    expect(m.auc).toBeCloseTo(0.75);
  });

  it('has no AUC when the set holds one class, or the model more than two', () => {
    expect(
      evaluationMetrics(
        'h',
        ['red', 'red'],
        [
          [0.3, 0.7],
          [0.6, 0.4],
        ],
        labels
      ).auc
    ).toBeNull();
    expect(
      evaluationMetrics(
        'h',
        ['a', 'b'],
        [
          [0.5, 0.3, 0.2],
          [0.1, 0.8, 0.1],
        ],
        ['a', 'b', 'c']
      ).auc
    ).toBeNull();
  });
});

describe('findFlips', () => {
  it('lists the examples whose predicted label differs, up to the limit', () => {
    const texts = ['a', 'b', 'c', 'd'];
    const truth = ['red', 'blue', 'red', 'blue'];

    const flips = findFlips(
      texts,
      truth,
      ['red', 'red', 'blue', 'blue'],
      ['red', 'blue', 'red', 'blue']
    );
    const limited = findFlips(
      texts,
      truth,
      ['blue', 'red', 'blue', 'red'],
      ['red', 'blue', 'red', 'blue'],
      2
    );

    expect(flips).toEqual([
      { text: 'b', truth: 'blue', candidate: 'red', baseline: 'blue' },
      { text: 'c', truth: 'red', candidate: 'blue', baseline: 'red' },
    ]);
    expect(limited.map((f) => f.text)).toEqual(['a', 'b']);
  });
});

describe('countFlips', () => {
  it('counts every flip by who was right, beyond any listing limit', () => {
    const truth = ['red', 'blue', 'red', 'blue', 'x', 'red'];
    const candidate = ['red', 'red', 'red', 'blue', 'y', 'red'];
    const baseline = ['blue', 'blue', 'red', 'red', 'z', 'red'];

    expect(countFlips(truth, candidate, baseline)).toEqual({
      total: 4,
      candidateRight: 2,
      baselineRight: 1,
      bothWrong: 1,
    });
    expect(countFlips(truth, truth, truth)).toEqual({
      total: 0,
      candidateRight: 0,
      baselineRight: 0,
      bothWrong: 0,
    });
  });
});

describe('predictedLabels', () => {
  it('takes the most probable class, the first on a tie', () => {
    expect(
      predictedLabels(
        [
          [0.5, 0.5],
          [0.2, 0.8],
        ],
        ['x', 'y']
      )
    ).toEqual(['x', 'y']);
  });
});
