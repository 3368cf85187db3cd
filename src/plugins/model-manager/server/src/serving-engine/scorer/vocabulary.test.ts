import { IdGrams, PackedMap, StringIds } from './vocabulary';

describe('packed vocabularies', () => {
  it('gives each distinct string the id it got first, finds it again, and nothing else', () => {
    const keys = ['the', 'café', 'ÉCOLE', '', 'the', '🙂x', 'a', 'cafe', 'café'];
    const { table, ids } = StringIds.build(keys);
    expect(ids).toEqual([0, 1, 2, 3, 0, 4, 5, 6, 1]);
    expect(table.size).toBe(7);
    for (const [i, key] of keys.entries()) expect(table.id(key)).toBe(ids[i]);
    expect([0, 1, 2, 3, 4, 5, 6].map((id) => table.key(id))).toEqual([
      'the',
      'café',
      'ÉCOLE',
      '',
      '🙂x',
      'a',
      'cafe',
    ]);
    for (const absent of ['th', 'thee', 'The', 'caf', 'école', '🙂', ' '])
      expect(table.id(absent)).toBe(-1);
  });

  it.each([
    // 16 bits an offset and a slot while they fit, 32 past 65,535
    [5000, 2, 8192],
    [70_000, 4, 131_072],
  ])(
    'finds every one of %i strings (collisions resolved) and counts its bytes',
    (count, width, slots) => {
      const keys = Array.from({ length: count }, (_, i) => `w${i.toString(36)}`);
      const { table } = StringIds.build(keys);
      keys.forEach((key, i) => expect(table.id(key)).toBe(i));
      expect(table.id('w')).toBe(-1);
      const chars = keys.reduce((n, k) => n + k.length, 0);
      // one byte per Latin-1 character, an end offset per string, a table at most 3/4 full
      expect(table.bytes).toBe(chars + width * count + width * slots);
    }
  );

  it('answers like a Map: a key given twice keeps its last value, an unknown key undefined', () => {
    const entries: Array<[string, number]> = [
      ['a\u0000b', 3],
      ['b', 7],
      ['a\u0000b', 9],
    ];
    const packed = PackedMap.of(entries);
    const map = new Map(entries);
    for (const key of ['a\u0000b', 'b', 'a', 'ab', '']) expect(packed.get(key)).toBe(map.get(key));
    expect(packed.size).toBe(map.size);
  });

  it('finds n-grams of ids anywhere in a row of ids; a repeated n-gram keeps its last column', () => {
    const grams = IdGrams.build(3, [1, 2, 3, 3, 2, 1, 1, 2, 3, 0, 0, 0], [10, 11, 12, 13]);
    expect(grams.size).toBe(3);
    const row = Int32Array.of(9, 1, 2, 3, 2, 1, 0, 0, 0);
    expect(grams.column(row, 1)).toBe(12);
    expect(grams.column(row, 6)).toBe(13);
    expect(grams.column(row, 0)).toBe(-1);
    expect(grams.column(row, 2)).toBe(-1);
    expect(Array.from(grams.gram(1))).toEqual([3, 2, 1]);
    expect(grams.column(Int32Array.of(3, 2, 1), 0)).toBe(11);
  });

  it('holds columns past 65,535 at their full value', () => {
    const grams = IdGrams.build(2, [1, 2, 2, 1], [70_000, 5]);
    expect(grams.column(Int32Array.of(1, 2), 0)).toBe(70_000);
    expect(grams.column(Int32Array.of(2, 1), 0)).toBe(5);
  });
});
