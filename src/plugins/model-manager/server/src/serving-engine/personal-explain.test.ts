import { fitCorrection, ownParts } from '../ml/personal-correction';
import { splitExplanation } from './personal-explain';

const [BLUE, RED] = [0, 1];
const redBase = [0.15, 0.85];

describe('splitExplanation', () => {
  // the reader reads every text on the border blue; the base explains only the words it knows
  const correction = fitCorrection(
    Array.from({ length: 8 }, (_, i) => ({
      text: `border crossing, part ${i}`,
      label: BLUE,
      base: redBase,
    })),
    2,
    'h'
  );
  const text = 'Taxes at the Border, the border';

  it("adds the reader's word at each of its occurrences, with base 0, when the base gives it no weight", () => {
    const base = {
      method: 'exact' as const,
      bias: -0.2,
      tokens: [
        { text: 'Taxes', start: 0, end: 5, weight: -0.9 },
        { text: 'the', start: 9, end: 12, weight: 0.1 },
        { text: 'the', start: 21, end: 24, weight: 0.1 },
      ],
    };
    const own = ownParts(correction, text, BLUE);
    expect(own.tokens.get('border')!).toBeGreaterThan(1);
    const split = splitExplanation(base, text, correction, BLUE);
    expect(split.tokens.map((t) => text.slice(t.start, t.end))).toEqual([
      'Taxes',
      'the',
      'Border',
      'the',
      'border',
    ]);
    const border = split.tokens.filter((t) => t.text.toLowerCase() === 'border');
    expect(border.map((t) => t.base)).toEqual([0, 0]);
    expect(border[0].own! + border[1].own!).toBeCloseTo(own.tokens.get('border')!, 12);
    // everything still adds up: the base's weights and bias, plus the reader's own parts
    const sum = (e: { bias?: number; tokens: Array<{ weight: number }> }) =>
      (e.bias ?? 0) + e.tokens.reduce((a, t) => a + t.weight, 0);
    expect(sum(split)).toBeCloseTo(sum(base) + own.bias + own.tokens.get('border')!, 12);
  });

  it('splits a word the base explains into its base and own parts', () => {
    const base = {
      method: 'exact' as const,
      tokens: [{ text: 'border', start: 0, end: 6, weight: -0.5 }],
    };
    const split = splitExplanation(base, 'border', correction, RED);
    expect(split.tokens).toHaveLength(1);
    expect(split.tokens[0].base).toBe(-0.5);
    expect(split.tokens[0].weight).toBeCloseTo(-0.5 + split.tokens[0].own!, 12);
    expect(split.tokens[0].own!).toBeLessThan(0); // toward red, the reader's part pulls away
  });
});
