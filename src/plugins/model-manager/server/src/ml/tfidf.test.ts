import { csrToDense } from './sparse';
import { fitTfidf, fitTransformTfidf, forEachNgram, transformOne, transformTfidf } from './tfidf';

// Three tiny documents; df: aa 3, bb 2, cc 1; n = 3, so with smooth idf
// idf(aa) = ln(4/4) + 1 = 1, idf(bb) = ln(4/3) + 1 = 1.287682..., idf(cc) = ln(4/2) + 1 = 1.693147...
const docs = [
  ['aa', 'bb'],
  ['aa', 'cc'],
  ['aa', 'bb', 'bb'],
];

describe('tfidf', () => {
  it('computes smooth idf and L2-normalised raw tf rows', () => {
    const model = fitTfidf(docs, { ngramRange: [1, 1], minDf: 1, sublinearTf: false });
    expect(model.vocabulary).toEqual(['aa', 'bb', 'cc']);
    expect(Array.from(model.idf)).toEqual([
      1,
      expect.closeTo(1.2876820724517808, 12),
      expect.closeTo(1.6931471805599454, 12),
    ]);
    const dense = csrToDense(transformTfidf(model, docs));
    // d1 = (1, 1.2877) / sqrt(1 + 1.2877^2)
    expect(dense[0][0]).toBeCloseTo(0.6133555370249717, 12);
    expect(dense[0][1]).toBeCloseTo(0.7898069290660905, 12);
    expect(dense[0][2]).toBe(0);
    expect(dense[1][0]).toBeCloseTo(0.5085423203783267, 12);
    expect(dense[1][2]).toBeCloseTo(0.8610369959439764, 12);
    // d3: tf(bb) = 2
    expect(dense[2][0]).toBeCloseTo(0.3619650009883935, 12);
    expect(dense[2][1]).toBeCloseTo(0.9321916852554909, 12);
  });

  it('applies sublinear tf 1 + ln(tf)', () => {
    const model = fitTfidf(docs, { ngramRange: [1, 1], minDf: 1, sublinearTf: true });
    const row = transformOne(model, docs[2]);
    expect(Array.from(row.indices)).toEqual([0, 1]);
    // (1, (1 + ln 2) * 1.2877) normalised
    expect(row.values[0]).toBeCloseTo(0.4169046512765058, 12);
    expect(row.values[1]).toBeCloseTo(0.9089502251190739, 12);
  });

  it('builds space-joined bigrams, filters by minDf and sorts the vocabulary', () => {
    // bigrams: "aa bb" in d1 and d3 (df 2), "aa cc" (1), "bb bb" (1); cc has df 1.
    const { model, matrix } = fitTransformTfidf(docs, {
      ngramRange: [1, 2],
      minDf: 2,
      sublinearTf: false,
    });
    expect(model.vocabulary).toEqual(['aa', 'aa bb', 'bb']);
    const d1 = csrToDense(matrix)[0];
    expect(d1[0]).toBeCloseTo(0.48133416873660545, 12);
    expect(d1[1]).toBeCloseTo(0.6198053799406072, 12);
    expect(d1[2]).toBeCloseTo(0.6198053799406072, 12);
    // the training matrix equals transforming the same documents one by one
    expect(csrToDense(matrix)).toEqual(csrToDense(transformTfidf(model, docs)));
  });

  it('supports n-grams beyond two and ranges that exclude unigrams', () => {
    const seen: string[] = [];
    forEachNgram(['a1', 'b2', 'c3'], [2, 3], (term) => seen.push(term));
    expect(seen).toEqual(['a1 b2', 'b2 c3', 'a1 b2 c3']);
    const model = fitTfidf(
      [
        ['x1', 'y1', 'z1'],
        ['x1', 'y1', 'z1'],
      ],
      { ngramRange: [2, 3], minDf: 2, sublinearTf: true }
    );
    expect(model.vocabulary).toEqual(['x1 y1', 'x1 y1 z1', 'y1 z1']);
  });

  it('gives an all-zero row for a document without known terms', () => {
    const model = fitTfidf(docs, { ngramRange: [1, 2], minDf: 1, sublinearTf: true });
    expect(transformOne(model, []).indices.length).toBe(0);
    expect(transformOne(model, ['zz']).indices.length).toBe(0);
  });

  it('rejects an empty vocabulary and bad options', () => {
    expect(() => fitTfidf(docs, { ngramRange: [1, 1], minDf: 4, sublinearTf: true })).toThrow(
      /Empty vocabulary/
    );
    expect(() => fitTfidf(docs, { ngramRange: [2, 1], minDf: 1, sublinearTf: true })).toThrow(
      RangeError
    );
    expect(() => fitTfidf(docs, { ngramRange: [1, 1], minDf: 0, sublinearTf: true })).toThrow(
      RangeError
    );
  });
});
