import {
  corrected,
  DEFAULT_FIT,
  effectOf,
  emptyCorrection,
  features,
  fitCorrection,
  type LabelledText,
  ownParts,
  prune,
  shift,
} from './personal-correction';
import { correctionBytes, deserialize, serialize } from './correction-codec';

const RED = 1;
const BLUE = 0;
/** A base that says red for everything, confidently. */
const redBase = [0.15, 0.85];

/** A reader who reads immigration as blue and agrees with the (red) base on taxes. */
function reader(immigration: number, taxes: number): LabelledText[] {
  const out: LabelledText[] = [];
  for (let i = 0; i < Math.max(immigration, taxes); i += 1) {
    if (i < immigration)
      out.push({
        text: `the border and immigration reform, part ${i}`,
        label: BLUE,
        base: redBase,
      });
    if (i < taxes) out.push({ text: `the taxes we pay, part ${i}`, label: RED, base: redBase });
  }
  return out;
}

describe('personal correction', () => {
  it('leaves the base probabilities unchanged while it has learnt nothing', () => {
    const p = corrected([0.3, 0.7], emptyCorrection(2), 'tax cuts for everyone');
    expect(p[0]).toBeCloseTo(0.3, 9);
    expect(p[1]).toBeCloseTo(0.7, 9);
  });

  it("answers a text by its one word of most evidence, whole, however many of the reader's words it holds", () => {
    const c = fitCorrection(reader(4, 4), 2, 'h');
    // "border" and "immigration" are in four blue texts each, as sure; "reform" too
    expect(c.words.get('border')!.z).toBeGreaterThan(2);
    expect([...features('the border and immigration', c).values()]).toEqual([1]);
    const one = shift(c, features('border', c));
    const both = shift(c, features('border immigration reform', c));
    expect(both[0] - both[1]).toBeCloseTo(one[0] - one[1], 9);
    expect(features('wages rising fast', c).size).toBe(0);
  });

  it('weighs a word by its evidence: a label moves its texts a little, a dozen all the way', () => {
    const move = (n: number) => {
      const c = fitCorrection(reader(n, 0), 2, 'h');
      const s = shift(c, features('immigration', c));
      return s[BLUE] - s[RED];
    };
    expect(move(1)).toBeGreaterThan(0);
    expect(move(1)).toBeLessThan(0.1);
    expect(move(2)).toBeGreaterThan(move(1));
    expect(move(12)).toBeGreaterThan(move(4));
    expect(
      corrected(redBase, fitCorrection(reader(12, 0), 2, 'h'), 'immigration')[BLUE]
    ).toBeGreaterThan(0.9);
  });

  it('follows no word toward a class the reader gives its texts less often than the base expects', () => {
    // a noisy reader: red on 7 of 10 texts the base is sure are red, blue on the others
    const base = [0.05, 0.95];
    const labels = Array.from({ length: 10 }, (_, i) => ({
      text: `the senate votes, part ${i}`,
      label: i < 7 ? RED : BLUE,
      base,
    }));
    const c = fitCorrection(labels, 2, 'h');
    expect(c.words.size).toBe(0);
    expect(corrected(base, c, 'the senate')[RED]).toBeCloseTo(0.95, 9);
  });

  it("follows no word whose texts the reader labels both ways: one side's speaker, not a topic", () => {
    // "wall street" in 10 texts the base is sure are red: the reader gives 7 of them blue, 3 red
    // (7 is more than the 1.5 blue the base expects, but not the reader's view of the words)
    const labels = Array.from({ length: 10 }, (_, i) => ({
      text: `wall street again, part ${i}`,
      label: i < 7 ? BLUE : RED,
      base: redBase,
    }));
    expect(fitCorrection(labels, 2, 'h').words.has('wall')).toBe(false);
    expect(
      fitCorrection(labels, 2, 'h', { ...DEFAULT_FIT, consistency: 0.5 }).words.has('wall')
    ).toBe(true);
  });

  it('learns a topic the reader reads the other way, on texts of it never labelled, and nothing else', () => {
    const c = fitCorrection(reader(8, 8), 2, 'h');
    expect(corrected(redBase, c, 'what about immigration at the border')[BLUE]).toBeGreaterThan(
      0.5
    );
    expect(corrected(redBase, c, 'the economy, jobs')[RED]).toBeGreaterThan(0.5);
    // taxes, labelled as the base answers them, hold next to no weight; no label prior stands in for the words
    const taxes = shift(c, features('taxes', c));
    expect(Math.abs(taxes[RED] - taxes[BLUE])).toBeLessThan(0.05);
    expect(c.bias).toEqual([0, 0]);
  });

  it('is a refit: replacing a label replaces what it taught, whatever was fitted before', () => {
    const flipped = reader(6, 0);
    const agreed = flipped.map((l) => ({ ...l, label: RED }));
    const c = fitCorrection(flipped, 2, 'h');
    const back = fitCorrection(agreed, 2, 'h', DEFAULT_FIT, c.record);
    expect(corrected(redBase, back, 'immigration at the border')[RED]).toBeGreaterThan(0.85);
    expect(back.words).toEqual(fitCorrection(agreed, 2, 'h').words);
  });

  it('starts afresh from a correction of another base', () => {
    const c = fitCorrection(reader(6, 0), 2, 'old');
    const other = fitCorrection([], 2, 'new', DEFAULT_FIT, c.record);
    expect(other.base).toBe('new');
    expect(other.words.size).toBe(0);
    expect(other.bias).toEqual([0, 0]);
  });

  it('splits the log-odds shift exactly into the bias part and each word part', () => {
    const c = fitCorrection(reader(3, 3), 2, 'h');
    const text = 'immigration and taxes';
    const s = shift(c, features(text, c));
    const own = ownParts(c, text, 0);
    const total = own.bias + [...own.tokens.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(s[0] - s[1], 9);
    expect(own.tokens.get('immigration')!).toBeGreaterThan(0);
  });

  it('says what a label changed: its probability before and after, and the words that moved', () => {
    const labels = reader(3, 0);
    const before = fitCorrection(labels.slice(0, 2), 2, 'h');
    const after = fitCorrection(labels, 2, 'h', DEFAULT_FIT, before.record);
    const effect = effectOf(before, after, labels[2]);
    expect(effect.after).toBeGreaterThan(effect.before);
    expect(effect.top.map((t) => t.token)).toContain('immigration');
  });

  it('keeps at most maxWords words, dropping those with the least evidence', () => {
    const c = emptyCorrection(2);
    c.words.set('weak', { z: 0.5, w: [1, -1] });
    c.words.set('strong', { z: 6, w: [0.5, -0.5] });
    c.words.set('middle', { z: 2, w: [0.2, -0.2] });
    prune(c, 2);
    expect([...c.words.keys()].sort()).toEqual(['middle', 'strong']);
  });

  it('round-trips through JSON, and reads an earlier format or another class count as empty', () => {
    const c = fitCorrection(reader(3, 3), 2, 'h');
    const back = deserialize(serialize(c), 2);
    expect(back.labels).toBe(6);
    expect(back.base).toBe('h');
    expect(back.words.get('border')!.w[0]).toBeCloseTo(c.words.get('border')!.w[0], 5);
    expect(corrected(redBase, back, 'the border')[0]).toBeCloseTo(
      corrected(redBase, c, 'the border')[0],
      4
    );
    expect(correctionBytes(c)).toBeGreaterThan(correctionBytes(emptyCorrection(2)));
    expect(deserialize(serialize(c), 3).words.size).toBe(0);
    const first = deserialize(JSON.stringify({ v: 1, n: 4, b: [0.1, -0.1], t: {} }), 2);
    expect(first.base).toBeNull();
    const fitted = { v: 2, n: 4, d: 4, h: 'h', b: [0.1, -0.1], t: { border: [2.1, 0.3, -0.3] } };
    expect(deserialize(JSON.stringify(fitted), 2)).toMatchObject({ base: null, labels: 0 });
    c.record = [
      { wins: 4, losses: 7 },
      { wins: 9, losses: 1 },
    ];
    expect(deserialize(serialize(c), 2).record).toEqual(c.record);
    // a row of the per-reader gate kept one [wins, losses]
    const perReader = { ...JSON.parse(serialize(c)), r: [4, 7] };
    expect(deserialize(JSON.stringify(perReader), 2).record).toEqual([{ wins: 4, losses: 7 }]);
    // a row written before the gate existed has no record yet: nothing judged
    const { r: _r, ...older } = JSON.parse(serialize(c));
    expect(deserialize(JSON.stringify(older), 2).record).toEqual([]);
  });

  it('carries the gate record over a refit', () => {
    const c = { ...fitCorrection(reader(8, 8), 2, 'h'), record: [{ wins: 2, losses: 3 }] };
    expect(fitCorrection(reader(9, 8), 2, 'h', DEFAULT_FIT, c.record).record).toEqual(c.record);
  });
});
