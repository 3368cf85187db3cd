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

  it('weighs words by idf over the reader texts, L2-normalised', () => {
    const c = fitCorrection(reader(4, 4), 2, 'h');
    const x = features('the border', c);
    const norm = Math.sqrt([...x.values()].reduce((a, v) => a + v * v, 0));
    expect(norm).toBeCloseTo(1, 9);
    // "the" is in every labelled text, "border" in half of them: border weighs more
    expect(x.get('border')!).toBeGreaterThan(x.get('the')!);
  });

  it('learns a topic the reader reads the other way, on texts of it never labelled, and nothing else', () => {
    const c = fitCorrection(reader(8, 8), 2, 'h');
    expect(corrected(redBase, c, 'what about immigration at the border')[BLUE]).toBeGreaterThan(
      0.5
    );
    expect(corrected(redBase, c, 'the economy, jobs')[RED]).toBeGreaterThan(0.5);
    // the bias, penalised harder, does not stand in for the words
    expect(Math.abs(c.bias[0] - c.bias[1])).toBeLessThan(1);
  });

  it('with `disputed`, lets the words disputed texts share carry more of their shift', () => {
    // each disputed text holds the topic word and words of its own; ridge alone spreads the shift
    // over all of them, so a new text naming the topic once stays near the base's answer
    const own =
      'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango'.split(
        ' '
      );
    const labels: LabelledText[] = [];
    for (let i = 0; i < 10; i += 1) {
      const text = `immigration ${own[2 * i]} ${own[2 * i + 1]} and more, ${i}`;
      labels.push({ text, label: BLUE, base: redBase });
      labels.push({ text: `the economy and jobs, part ${i}`, label: RED, base: redBase });
    }
    const unseen = 'what they said about immigration on the stage tonight';
    const plain = fitCorrection(labels, 2, 'h', { ...DEFAULT_FIT, disputed: 0 });
    const shared = fitCorrection(labels, 2, 'h', { ...DEFAULT_FIT, disputed: 0.5 });
    expect(corrected(redBase, plain, unseen)[BLUE]).toBeLessThan(0.5);
    expect(corrected(redBase, shared, unseen)[BLUE]).toBeGreaterThan(0.5);
    expect(corrected(redBase, shared, 'the economy tonight')[RED]).toBeGreaterThan(0.8);
  });

  it('is a refit: replacing a label replaces what it taught, and warm starts end where a cold fit does', () => {
    const flipped = reader(6, 0);
    const agreed = flipped.map((l) => ({ ...l, label: RED }));
    const c = fitCorrection(flipped, 2, 'h');
    const back = fitCorrection(agreed, 2, 'h', DEFAULT_FIT, c);
    expect(corrected(redBase, back, 'immigration at the border')[RED]).toBeGreaterThan(0.85);
    const cold = fitCorrection(agreed, 2, 'h');
    expect(back.bias[1]).toBeCloseTo(cold.bias[1], 3);
  });

  it('starts afresh from a correction of another base', () => {
    const c = fitCorrection(reader(6, 0), 2, 'old');
    const other = fitCorrection([], 2, 'new', DEFAULT_FIT, c);
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
    const after = fitCorrection(labels, 2, 'h', DEFAULT_FIT, before);
    const effect = effectOf(before, after, labels[2]);
    expect(effect.after).toBeGreaterThan(effect.before);
    expect(effect.top.map((t) => t.token)).toContain('immigration');
  });

  it('keeps at most maxWords words, dropping the weakest', () => {
    const c = emptyCorrection(2);
    c.words.set('weak', { idf: 1, w: [0.01, -0.01] });
    c.words.set('strong', { idf: 1, w: [1, -1] });
    c.words.set('middle', { idf: 1, w: [0.2, -0.2] });
    prune(c, 2);
    expect([...c.words.keys()].sort()).toEqual(['middle', 'strong']);
  });

  it('round-trips through JSON, and reads the first format or another class count as empty', () => {
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
    expect(fitCorrection(reader(9, 8), 2, 'h', DEFAULT_FIT, c).record).toEqual(c.record);
  });
});
