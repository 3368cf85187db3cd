import { addCounts, jensenShannon, OTHER, vocabularyOf, wilson } from './drift';

describe('drift', () => {
  const reference = { wall: 10, care: 10, tax: 5, health: 5 };

  it('is 0 for the same distribution and grows as the served texts move away', () => {
    const same = jensenShannon(reference, { wall: 20, care: 20, tax: 10, health: 10 })!;
    const tilted = jensenShannon(reference, { wall: 30, care: 5, tax: 5, health: 1 })!;
    const foreign = jensenShannon(reference, { hola: 10, adios: 10 })!;

    expect(same).toBeCloseTo(0, 12);
    expect(tilted).toBeGreaterThan(0.01);
    expect(foreign).toBeGreaterThan(tilted);
    // words the reference never had all land in one bucket: disjoint support is the maximum, 1
    expect(foreign).toBeCloseTo(1, 12);
  });

  it('is null when a side counted nothing', () => {
    expect(jensenShannon(reference, {})).toBeNull();
    expect(jensenShannon({}, reference)).toBeNull();
  });

  it('keeps at most maxTokens distinct tokens and counts the rest as other', () => {
    const into = addCounts({}, { a: 1, b: 2 }, 2);
    addCounts(into, { a: 1, c: 5 }, 2);
    expect(into).toEqual({ a: 2, b: 2, [OTHER]: 5 });
  });

  it('takes the vocabulary from the most frequent reference tokens, ties by name', () => {
    expect(vocabularyOf({ b: 2, a: 2, c: 9, [OTHER]: 99 }, 2)).toEqual(['c', 'a']);
  });

  it('gives a Wilson interval that holds the proportion and stays within [0, 1]', () => {
    const w = wilson(9, 10);
    expect(w.value).toBe(0.9);
    expect(w.low!).toBeLessThan(0.9);
    expect(w.high!).toBeLessThanOrEqual(1);
    expect(w.low!).toBeCloseTo(0.596, 3);
    expect(wilson(0, 0).value).toBeNull();
  });
});
