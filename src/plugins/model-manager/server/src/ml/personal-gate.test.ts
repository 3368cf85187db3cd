import { type Correction, fitCorrection, type LabelledText } from './personal-correction';
import {
  DEFAULT_GATE,
  emptyRecord,
  gateOpen,
  judged,
  moveOf,
  openRegions,
  recordFor,
  regionOf,
  served,
} from './personal-gate';

const [BLUE, RED] = [0, 1];
const redBase = [0.15, 0.85];
/** A base that hardly knows: a small move of the correction changes its answer. */
const unsure = [0.48, 0.52];

/**
 * A reader who reads immigration as blue and agrees with the (red) base on taxes; two texts on
 * wages they also labelled blue: too little evidence to move wages far.
 */
const reader = (n: number): LabelledText[] => [
  ...Array.from({ length: 2 * n }, (_, j) =>
    j % 2
      ? { text: `the taxes we pay, part ${j >> 1}`, label: RED, base: redBase }
      : { text: `the border and immigration reform, part ${j >> 1}`, label: BLUE, base: redBase }
  ),
  { text: 'wages, first', label: BLUE, base: redBase },
  { text: 'wages, second', label: BLUE, base: redBase },
];

const topic = 'what about immigration at the border';
const elsewhere = 'wages rising fast';
const split = { slack: 0, bounds: [1] };
const oneGate = { slack: 0, bounds: [] };

describe('the personal gate', () => {
  const c = fitCorrection(reader(8), 2, 'h');

  it('splits texts by how far the correction moves them', () => {
    expect(moveOf(c, topic)).toBeGreaterThan(1);
    expect(moveOf(c, elsewhere)).toBeLessThan(1);
    expect(regionOf(0.2, [0.5, 2])).toBe(0);
    expect(regionOf(0.5, [0.5, 2])).toBe(1);
    expect(regionOf(3, [0.5, 2])).toBe(2);
    expect(regionOf(3, [])).toBe(0);
  });

  it('counts a win where only the correction had the label, a loss where only the base had it, in the region of the text', () => {
    const none = emptyRecord(2);
    expect(judged(none, c, { text: topic, label: BLUE, base: redBase }, split)).toEqual([
      { wins: 0, losses: 0 },
      { wins: 1, losses: 0 },
    ]);
    expect(judged(none, c, { text: topic, label: RED, base: redBase }, split)).toEqual([
      { wins: 0, losses: 0 },
      { wins: 0, losses: 1 },
    ]);
    // the correction moves "elsewhere" a little (wages, two labels): enough to turn an unsure base, in the weak region
    expect(judged(none, c, { text: elsewhere, label: RED, base: unsure }, split)).toEqual([
      { wins: 0, losses: 1 },
      { wins: 0, losses: 0 },
    ]);
    // both right: nothing; a correction that has learnt nothing is not judged
    expect(judged(none, c, { text: elsewhere, label: RED, base: redBase }, split)).toEqual(none);
    const empty = fitCorrection([], 2, 'h');
    expect(judged(none, empty, { text: topic, label: BLUE, base: redBase }, split)).toEqual(none);
  });

  it('keeps the correction where it won and answers with the base where it lost, for one reader', () => {
    // lost three labels on texts it moves a little, won two on its topic: one gate per reader
    // would close on both (or, with slack, open on both)
    const record = [
      { wins: 0, losses: 3 },
      { wins: 2, losses: 0 },
    ];
    const gated: Correction = { ...c, record };
    expect(gateOpen(gated, topic, split)).toBe(true);
    expect(served(redBase, gated, topic, split)[BLUE]).toBeGreaterThan(0.5);
    expect(gateOpen(gated, elsewhere, split)).toBe(false);
    expect(served(unsure, gated, elsewhere, split)).toEqual(unsure);
    // ungated, the correction would have turned that answer
    expect(served(unsure, { ...c, record: [] }, elsewhere, split)[BLUE]).toBeGreaterThan(0.5);
    expect(openRegions(gated, split)).toBe(1);
    // the per-reader gate on the same labels: closed everywhere, the topic is no longer followed
    const perReader: Correction = { ...c, record: [{ wins: 2, losses: 3 }] };
    expect(served(redBase, perReader, topic, oneGate)).toEqual(redBase);
  });

  it('with a negative slack, answers only where the correction has already won more than it lost', () => {
    const proving = { slack: -1, bounds: [1] };
    const fresh: Correction = { ...c, record: emptyRecord(2) };
    expect(served(redBase, fresh, topic, proving)).toEqual(redBase);
    // judged while it does not answer: its win on the topic opens the topic's region only
    const won = {
      ...c,
      record: judged(fresh.record, c, { text: topic, label: BLUE, base: redBase }, proving),
    };
    expect(served(redBase, won, topic, proving)[BLUE]).toBeGreaterThan(0.5);
    expect(gateOpen(won, elsewhere, proving)).toBe(false);
  });

  it('with evidence asked (z), closes where wins and losses balance out and opens on a clear lead', () => {
    const withRecord = (wins: number, losses: number): Correction => ({
      ...c,
      record: [{ wins, losses }],
    });
    const slackOnly = { slack: 0, bounds: [] };
    const evidence = { slack: 0, bounds: [], z: 1.5 };
    // nothing judged yet: open either way
    expect(gateOpen(withRecord(0, 0), topic, evidence)).toBe(true);
    // 10 wins, 10 losses (label noise): the slack alone keeps it open, the evidence closes it
    expect(gateOpen(withRecord(10, 10), topic, slackOnly)).toBe(true);
    expect(gateOpen(withRecord(10, 10), topic, evidence)).toBe(false);
    // 12 wins, 8 losses: a lead of 4 is under 1.5 x sqrt(20) = 6.7
    expect(gateOpen(withRecord(12, 8), topic, evidence)).toBe(false);
    // 16 wins, 4 losses: 12 is over it
    expect(gateOpen(withRecord(16, 4), topic, evidence)).toBe(true);
    expect(openRegions(withRecord(16, 4), evidence)).toBe(1);
    expect(openRegions(withRecord(12, 8), evidence)).toBe(0);
  });

  it('reads a record of another split as its total in every region', () => {
    expect(recordFor([{ wins: 2, losses: 3 }], 2)).toEqual([
      { wins: 2, losses: 3 },
      { wins: 2, losses: 3 },
    ]);
    expect(recordFor([], 3)).toEqual(emptyRecord(3));
    const example = { text: topic, label: BLUE, base: redBase };
    const judgedOld = judged([{ wins: 2, losses: 3 }], c, example, split);
    expect(judgedOld).toEqual([
      { wins: 2, losses: 3 },
      { wins: 3, losses: 3 },
    ]);
  });

  it('defaults to three regions (moved little, some, much), no evidence asked', () => {
    expect(DEFAULT_GATE).toEqual({ slack: 0, bounds: [0.5, 2], z: 0 });
    expect(regionOf(moveOf(c, topic), DEFAULT_GATE.bounds)).toBe(2);
    expect(regionOf(moveOf(c, elsewhere), DEFAULT_GATE.bounds)).toBe(0);
  });
});
