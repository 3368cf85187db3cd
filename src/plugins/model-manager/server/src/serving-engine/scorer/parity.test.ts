import { compareScorer } from './parity';

// A stand-in scorer: two outputs per text, [p, 1 - p] and a count, from the text's length.
const probabilityOf = (text: string) => (text.length % 10) / 10;
const scorer = {
  calls: [] as number[],
  run(texts: string[], outputs: string[]) {
    this.calls.push(texts.length);
    return outputs.map((name) =>
      name === 'probabilities'
        ? Float32Array.from(texts.flatMap((t) => [probabilityOf(t), 1 - probabilityOf(t)]))
        : Float32Array.from(texts.map((t) => t.length))
    );
  },
};
const texts = Array.from({ length: 600 }, (_, i) => 'x'.repeat(i % 37));
const theirs = () => [
  Float32Array.from(texts.flatMap((t) => [probabilityOf(t), 1 - probabilityOf(t)])),
  Float32Array.from(texts.map((t) => t.length)),
];
const OUTPUTS = ['probabilities', 'evidence'];

describe('compareScorer', () => {
  beforeEach(() => (scorer.calls = []));

  it('agrees where every output agrees, running the texts a slice at a time', () => {
    const result = compareScorer(scorer, texts, OUTPUTS, theirs());
    expect(result).toMatchObject({ ok: true, texts: 600, maxDiff: 0 });
    expect(scorer.calls).toEqual([256, 256, 88]);
  });

  it('names the first text that disagrees, in a later slice, on either output', () => {
    const [probabilities, evidence] = theirs();
    probabilities[2 * 300 + 1] += 1e-3; // text 300, second class
    evidence[450] += 1;
    const result = compareScorer(scorer, texts, OUTPUTS, [probabilities, evidence]);
    expect(result.ok).toBe(false);
    expect(result.worst?.index).toBe(300);
    expect(result.maxDiff).toBeCloseTo(1, 5);
  });

  it('disagrees when onnxruntime answered another number of rows', () => {
    const [probabilities, evidence] = theirs();
    const short = probabilities.subarray(0, probabilities.length - 2);
    expect(compareScorer(scorer, texts, OUTPUTS, [short, evidence])).toMatchObject({
      ok: false,
      maxDiff: Infinity,
    });
  });

  it('disagrees where the scorer answers a number and onnxruntime NaN', () => {
    const [probabilities, evidence] = theirs();
    probabilities[0] = NaN;
    expect(compareScorer(scorer, texts, OUTPUTS, [probabilities, evidence]).ok).toBe(false);
  });
});
