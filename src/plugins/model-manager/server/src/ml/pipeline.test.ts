import { trainTextClassifier } from './calibrated-training';
import { fitTextClassifier, sampleWeights, type TrainProgress } from './pipeline';
import type { TrainParams } from './train-params';

const reviews = [
  { text: 'Great fun film', label: 'pos' },
  { text: 'fun, great cast', label: 'pos' },
  { text: 'great great story', label: 'pos' },
  { text: 'Boring dull film', label: 'neg' },
  { text: 'dull plot', label: 'neg' },
  { text: 'boring cast!', label: 'neg' },
];
const small: Partial<TrainParams> = {
  algorithm: 'logistic-regression',
  ngramRange: [1, 2],
  minDf: 1,
  C: 10,
};

describe('trainTextClassifier', () => {
  it('sorts labels and predicts the training texts', () => {
    const m = trainTextClassifier(reviews, small);
    expect(m.labels).toEqual(['neg', 'pos']);
    expect(m.predict(reviews.map((r) => r.text))).toEqual(reviews.map((r) => r.label));
    for (const p of m.predictProba(['great', 'dull', ''])) expect(p[0] + p[1]).toBeCloseTo(1, 12);
    expect(m.training.vocabularySize).toBe(m.vectorizer.vocabulary.length);
  });

  it('decomposes the scores exactly into intercept plus token weights', () => {
    const m = trainTextClassifier(reviews, small);
    const text = 'A great, GREAT film -- but dull? unknownword';
    const w = m.tokenWeights(text);
    expect(w.tokens.map((t) => text.slice(t.start, t.end))).toEqual([
      'great',
      'GREAT',
      'film',
      'but',
      'dull',
      'unknownword',
    ]);
    for (let c = 0; c < 2; c++) {
      const sum = w.tokens.reduce((a, t) => a + t.weights[c], w.intercept[c]);
      expect(sum).toBeCloseTo(w.scores[c], 12);
    }
    expect(w.probabilities[1]).toBeCloseTo(m.predictProba([text])[0][1], 12);
    // binary heads are centred: the two classes get opposite weights
    for (const t of w.tokens) expect(t.weights[0]).toBeCloseTo(-t.weights[1], 12);
    expect(w.tokens[5].weights).toEqual([0, 0]); // out of vocabulary
    expect(w.tokens[0].weights[1]).toBeGreaterThan(0); // "great" pushes toward pos
    expect(w.tokens[4].weights[1]).toBeLessThan(0);
  });

  it('gives a lone known unigram its full weight (x = 1 after L2 normalisation)', () => {
    const m = trainTextClassifier(reviews, { ...small, ngramRange: [1, 1] });
    const j = m.vectorizer.index.get('dull') ?? -1;
    const w = m.tokenWeights('dull');
    expect(w.tokens[0].weights[1]).toBeCloseTo(m.head.weights[j * 2 + 1], 12);
    expect(w.features).toEqual([
      {
        term: 'dull',
        column: j,
        count: 1,
        value: 1,
        weights: [expect.any(Number), expect.any(Number)],
      },
    ]);
  });

  it('splits an n-gram contribution evenly over its tokens and occurrences', () => {
    const m = trainTextClassifier(reviews, small);
    const w = m.tokenWeights('great fun great fun');
    const f = new Map(w.features.map((x) => [x.term, x.weights[1]]));
    // tokens: great(0) fun(1) great(2) fun(3). "great" occurs twice; "great fun" twice, at 0-1
    // and 2-3, each occurrence split over 2 tokens; "fun great" once, at 1-2.
    const [great, greatFun, funGreat] = ['great', 'great fun', 'fun great'].map(
      (t) => f.get(t) ?? NaN
    );
    expect(w.tokens[0].weights[1]).toBeCloseTo(great / 2 + greatFun / 4, 12);
    expect(w.tokens[2].weights[1]).toBeCloseTo(great / 2 + greatFun / 4 + funGreat / 2, 12);
  });

  it('reports monotone progress ending at done', () => {
    const seen: TrainProgress[] = [];
    trainTextClassifier(reviews, small, (p) => seen.push(p));
    expect(seen[0]).toEqual({ phase: 'tokenize', progress: 0 });
    expect(seen[seen.length - 1]).toEqual({ phase: 'done', progress: 1 });
    expect(seen.some((p) => p.phase === 'optimize' && p.iteration === 1)).toBe(true);
    for (let i = 1; i < seen.length; i++)
      expect(seen[i].progress).toBeGreaterThanOrEqual(seen[i - 1].progress);
  });

  it('trains multiclass logistic regression and naive Bayes', () => {
    const three = [
      ...reviews,
      { text: 'average plot, average cast', label: 'mid' },
      { text: 'average film', label: 'mid' },
    ];
    for (const algorithm of ['logistic-regression', 'naive-bayes'] as const) {
      const m = trainTextClassifier(three, { ...small, algorithm });
      expect(m.labels).toEqual(['mid', 'neg', 'pos']);
      expect(m.predict(['average', 'dull boring', 'great fun'])).toEqual(['mid', 'neg', 'pos']);
      const w = m.tokenWeights('average dull');
      const sum = w.tokens.reduce((a, t) => a + t.weights[0], w.intercept[0]);
      expect(sum).toBeCloseTo(w.scores[0], 12);
    }
  });

  it('trains the default (naive Bayes) pipeline, whose binary head is centred too', () => {
    const m = trainTextClassifier(reviews, { minDf: 1 });
    expect(m.params.algorithm).toBe('naive-bayes');
    expect(m.predict(['great fun', 'dull boring'])).toEqual(['pos', 'neg']);
    const w = m.tokenWeights('great dull');
    for (const t of w.tokens) expect(t.weights[0]).toBeCloseTo(-t.weights[1], 12);
    expect(w.tokens.reduce((a, t) => a + t.weights[1], w.intercept[1])).toBeCloseTo(
      w.scores[1],
      12
    );
  });

  it('rejects a single label and bad params', () => {
    expect(() => trainTextClassifier(reviews.slice(0, 3), small)).toThrow(/two labels/);
    expect(() => trainTextClassifier(reviews, { C: -1 })).toThrow(/C must be/);
  });
});

describe('sampleWeights', () => {
  it("follows scikit-learn's balanced rule n / (k * count)", () => {
    expect(Array.from(sampleWeights(Int32Array.of(0, 0, 0, 1), 2, 'balanced'))).toEqual([
      4 / 6,
      4 / 6,
      4 / 6,
      2,
    ]);
    expect(Array.from(sampleWeights(Int32Array.of(0, 1), 2, 'none'))).toEqual([1, 1]);
  });

  it("multiplies each row's own weight into a class weight that balances the classes' total weight", () => {
    const y = Int32Array.of(0, 0, 0, 1);
    // class 0 weighs 1.5, class 1 weighs 2: total 3.5, each class brought to 1.75
    const w = Array.from(sampleWeights(y, 2, 'balanced', [1, 0.5, 0, 2]));
    [1.75 / 1.5, 0.5 * (1.75 / 1.5), 0, 1.75].forEach((x, i) => expect(w[i]).toBeCloseTo(x, 12));
    expect(Array.from(sampleWeights(y, 2, 'none', [0.25, 1, 1, 3]))).toEqual([0.25, 1, 1, 3]);
  });
});

describe('row weights in a fit', () => {
  const fitWith = (weight: number) =>
    fitTextClassifier([...reviews, { text: 'great fun', label: 'neg', weight }], small);

  it('a doubtful contradicting row moves the model less than a sure one', () => {
    const margin = (weight: number) => {
      const [neg, pos] = fitWith(weight).rawScores(['great fun'])[0];
      return pos - neg;
    };

    expect(margin(0.05)).toBeGreaterThan(margin(1));
  });

  it('refuses a negative or non-finite weight', () => {
    expect(() => fitWith(-1)).toThrow(/sample 6 has a weight/);
    expect(() => fitWith(Number.NaN)).toThrow(/sample 6 has a weight/);
  });
});
