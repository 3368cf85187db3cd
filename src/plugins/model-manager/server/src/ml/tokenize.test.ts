import { lowerCodePoints, tokenize, tokenTexts } from './tokenize';

describe('tokenize', () => {
  it('lowercases Unicode words and keeps offsets into the original string', () => {
    const text = 'Ça va, SEÑOR!';
    const tokens = tokenize(text);
    expect(tokens).toEqual([
      { text: 'ça', start: 0, end: 2 },
      { text: 'va', start: 3, end: 5 },
      { text: 'señor', start: 7, end: 12 },
    ]);
    for (const t of tokens) expect(text.slice(t.start, t.end).toLowerCase()).toBe(t.text);
  });

  it('drops one-character runs and splits on punctuation, keeping digits and underscores', () => {
    expect(tokenTexts("It's a 3-in-1 deal_x, 2016!")).toEqual(['it', 'in', 'deal_x', '2016']);
  });

  it('returns no tokens for empty or symbol-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('!!! ? a - b')).toEqual([]);
  });

  it('counts offsets in UTF-16 code units for astral letters', () => {
    // U+1D4B3 and U+1D4B4 are letters outside the BMP (two code units each).
    expect(tokenize('𝒳𝒴 ab')).toEqual([
      { text: '𝒳𝒴', start: 0, end: 4 },
      { text: 'ab', start: 5, end: 7 },
    ]);
  });

  it('keeps a code point whose lowercase is longer than one code point', () => {
    expect(lowerCodePoints('İSTANBUL')).toBe('İstanbul');
    expect(tokenTexts('İSTANBUL École ΣΟΦΟΣ')).toEqual(['İstanbul', 'école', 'σοφοσ']);
  });

  it('stems with the Porter stemmer only when asked', () => {
    expect(tokenTexts('Running ponies')).toEqual(['running', 'ponies']);
    expect(tokenTexts('Running ponies', { stem: true })).toEqual(['run', 'poni']);
  });

  it('gives the token texts tokenize gives, ASCII or not, stemmed or not', () => {
    const texts = [
      'The WALL Street banks, the IRS and Obama_Care in 2016',
      'İSTANBUL École ΣΟΦΟΣ straße ǅemal 𐐀𐐁 mixed ASCII and Ünïcode',
      'a I x_ __ 42 Ⅻ ǈ',
      '',
    ];
    for (const text of texts)
      for (const options of [{}, { stem: true }])
        expect(tokenTexts(text, options)).toEqual(tokenize(text, options).map((t) => t.text));
  });
});
