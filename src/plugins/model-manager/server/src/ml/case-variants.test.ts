import { asciiLower, ngramVariants, tokenVariants } from './case-variants';

describe('case variants', () => {
  it('mimics StringNormalizer in locale C: ASCII only', () => {
    expect(asciiLower('ÉCOLE SEÑOR Abc')).toBe('École seÑor abc');
  });

  it('needs no variants for ASCII tokens', () => {
    expect(tokenVariants('tax')).toEqual(['tax']);
  });

  it('lists the spellings the graph sees for Capitalised and UPPERCASE words', () => {
    expect(tokenVariants('école')).toEqual(['école', 'École']);
    expect(tokenVariants('señor')).toEqual(['señor', 'seÑor']);
    expect(tokenVariants('ça')).toEqual(['ça', 'Ça']);
    // the trainer lowercases Σ to σ everywhere (one code point at a time, no final ς)
    expect(tokenVariants('σοφοσ')).toEqual(['σοφοσ', 'Σοφοσ', 'ΣΟΦΟΣ']);
  });

  it('combines the variants of every token of an n-gram', () => {
    expect(ngramVariants('ça va')).toEqual([
      ['ça', 'va'],
      ['Ça', 'va'],
    ]);
    expect(ngramVariants('ça ça')).toHaveLength(4);
  });
});
