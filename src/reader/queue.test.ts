import {
  disagreement,
  jaccard,
  rankQueue,
  seeded,
  uncertainty,
  whyPicked,
  type Candidate,
} from './queue';

const c = (
  id: string,
  red: number,
  text = `text ${id} about something distinct ${id}`,
  personalRed?: number
): Candidate => ({
  id,
  text,
  global: { red, blue: 1 - red },
  ...(personalRed === undefined ? {} : { personal: { red: personalRed, blue: 1 - personalRed } }),
});

describe('the expert queue ranking', () => {
  it('measures uncertainty as one minus the margin of the two top classes', () => {
    expect(uncertainty({ red: 0.5, blue: 0.5 })).toBeCloseTo(1);
    expect(uncertainty({ red: 1, blue: 0 })).toBeCloseTo(0);
    expect(uncertainty({ red: 0.7, blue: 0.3 })).toBeCloseTo(0.6);
    expect(uncertainty({ red: 1 })).toBe(0);
  });

  it('measures disagreement as total-variation distance, zero without a personal answer', () => {
    expect(disagreement({ red: 0.9, blue: 0.1 }, { red: 0.1, blue: 0.9 })).toBeCloseTo(0.8);
    expect(disagreement({ red: 0.9, blue: 0.1 }, undefined)).toBe(0);
  });

  it('puts the least sure texts first when there is no personal model', () => {
    const ranked = rankQueue([c('sure', 0.98), c('tie', 0.51), c('lean', 0.7)], { explore: 0 });
    expect(ranked.map((r) => r.id)).toEqual(['tie', 'lean', 'sure']);
    expect(ranked.every((r) => r.reason === 'uncertain')).toBe(true);
  });

  it('lifts a text where the personal and global models disagree above a merely uncertain one', () => {
    const ranked = rankQueue(
      [c('uncertain', 0.6, undefined, 0.6), c('split', 0.95, undefined, 0.1)],
      { explore: 0 }
    );
    expect(ranked[0]).toMatchObject({ id: 'split', reason: 'disagreement' });
  });

  it('drops near-duplicates, keeping the better-ranked copy', () => {
    const text = 'we will cut taxes for working families and small businesses';
    const ranked = rankQueue(
      [c('copy', 0.9, `${text} today`), c('original', 0.55, text), c('other', 0.8)],
      { explore: 0 }
    );
    expect(ranked.map((r) => r.id)).toEqual(['original', 'other']);
    expect(jaccard(new Set(['a', 'b']), new Set(['a', 'b']))).toBe(1);
  });

  it('never returns what was answered, so a re-rank after an answer moves on', () => {
    const pool = [c('a', 0.5), c('b', 0.6), c('d', 0.7)];
    const first = rankQueue(pool, { explore: 0, limit: 1 })[0].id;
    const next = rankQueue(pool, { explore: 0, limit: 1, answered: new Set([first]) })[0].id;
    expect(first).toBe('a');
    expect(next).toBe('b');
  });

  it('draws a small random share from below the top, reproducibly for a seed', () => {
    const pool = Array.from({ length: 40 }, (_, i) =>
      c(`t${String(i).padStart(2, '0')}`, 0.5 + i / 100)
    );
    const once = rankQueue(pool, { limit: 10, explore: 0.2, random: seeded(7) });
    const again = rankQueue(pool, { limit: 10, explore: 0.2, random: seeded(7) });
    expect(once).toEqual(again);
    const explored = once.filter((r) => r.reason === 'explore');
    expect(explored).toHaveLength(2);
    // Drawn from outside the eight best, and not parked at the end of the queue.
    const best = new Set(pool.slice(0, 8).map((p) => p.id));
    expect(explored.every((r) => !best.has(r.id))).toBe(true);
    expect(once[once.length - 1].reason).not.toBe('explore');
    expect(new Set(once.map((r) => r.id)).size).toBe(10);
  });
});

describe('why the queue picked an item', () => {
  const ranked = (reason: 'uncertain' | 'disagreement' | 'explore') => ({
    id: 'x',
    score: 0,
    uncertainty: 0,
    disagreement: 0,
    reason,
  });

  it('calls a close call close, and never calls a 96% answer unsure', () => {
    expect(whyPicked(ranked('uncertain'), c('x', 0.55))).toBe(
      'a close call for the model (55% red): your answer teaches it most here.'
    );
    const sure = whyPicked(ranked('uncertain'), c('x', 0.04));
    expect(sure).toBe(
      'the model is fairly sure (96% blue), but this is among its least sure of what is left.'
    );
    expect(sure).not.toMatch(/unsure|close call/);
  });

  it('says a random pick is random, with the answer the expert may compare to', () => {
    expect(whyPicked(ranked('explore'), c('x', 0.96))).toMatch(
      /^picked at random \(the model says 96% red\)/
    );
  });

  it('names both answers when the group’s model and everyone’s disagree', () => {
    expect(whyPicked(ranked('disagreement'), c('x', 0.8, 'a text', 0.3))).toBe(
      'your group’s model says 70% blue, everyone’s says 80% red: your answer settles it.'
    );
  });
});
