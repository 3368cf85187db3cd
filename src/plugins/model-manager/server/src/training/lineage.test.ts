import { heldOutSplit } from '../ml/folds';
import { fromRanges, toRanges } from './lineage';

describe('lineage id ranges', () => {
  it('round-trips ids as ascending ranges', () => {
    const ids = [7, 3, 4, 5, 10, 11, 20];
    expect(toRanges(ids)).toEqual([
      [3, 5],
      [7, 7],
      [10, 11],
      [20, 20],
    ]);
    expect(fromRanges(toRanges(ids))).toEqual([3, 4, 5, 7, 10, 11, 20]);
  });

  it('refuses hostile ranges', () => {
    expect(() => fromRanges([[5, 1]])).toThrow(RangeError);
    expect(() => fromRanges([['1', 2]])).toThrow(RangeError);
    expect(fromRanges(null)).toEqual([]);
  });
});

describe('heldOutSplit', () => {
  it('holds out whole groups, about a fifth of each label, and keeps every label on both sides', () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({
      label: i % 4 === 0 ? 'a' : 'b',
      group: `g${Math.floor(i / 5)}`,
    }));
    const held = heldOutSplit(rows) as boolean[];
    const groupsOf = (side: boolean) =>
      new Set(rows.filter((_, i) => held[i] === side).map((r) => r.group));
    expect([...groupsOf(true)].some((g) => groupsOf(false).has(g))).toBe(false);
    const share = held.filter(Boolean).length / rows.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.3);
    expect(heldOutSplit(rows)).toEqual(held);
  });

  it('is null when a label has a single group', () => {
    expect(
      heldOutSplit([
        { label: 'a', group: 'x' },
        { label: 'b', group: 'y' },
        { label: 'b', group: 'z' },
      ])
    ).toBeNull();
  });
});
