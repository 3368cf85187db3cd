import { phrases, strongestPhrases } from './phrases';

/** Tokens for every word of `text`, weighted (toward the predicted label) by `weights[word]`. */
function tokens(text: string, weights: Record<string, number>) {
  return [...text.matchAll(/[\p{L}\p{N}']+/gu)].map((m) => ({
    text: m[0],
    start: m.index!,
    end: m.index! + m[0].length,
    weight: weights[m[0].toLowerCase()] ?? 0,
  }));
}

describe('the strongest phrases beside the shaded text', () => {
  it('joins adjacent words leaning the same way into one phrase that weighs what they weigh', () => {
    const text = 'We must secure the border and raise the minimum wage.';
    const w = { secure: 0.4, the: 0.1, border: 0.5, minimum: -0.3, wage: -0.35, raise: 0.02 };
    const all = phrases(text, tokens(text, w), 'red');
    expect(strongestPhrases(all, 'red').map((p) => p.text)).toEqual(['secure the border']);
    expect(strongestPhrases(all, 'red')[0].weight).toBeCloseTo(1.0);
    expect(strongestPhrases(all, 'blue').map((p) => p.text)).toEqual(['minimum wage']);
  });

  it('keeps function words out of the lists, alone or at either end of a phrase', () => {
    const text = 'The tax and the people to the end.';
    const w = { the: 0.9, and: 0.8, to: 0.7, tax: 0.3, people: -0.2, end: -0.5 };
    const all = phrases(text, tokens(text, w), 'red');
    expect(strongestPhrases(all, 'red').map((p) => p.text)).toEqual(['tax']);
    expect(strongestPhrases(all, 'blue').map((p) => p.text)).toEqual(['end', 'people']);
  });

  it('merges a phrase repeated in the text (any case), adding its weights and counting it', () => {
    const text = 'Border security. Then border security again! And BORDER SECURITY.';
    const w = { border: 0.2, security: 0.2, again: -0.05 };
    const [top] = strongestPhrases(phrases(text, tokens(text, w), 'red'), 'red');
    expect(top).toMatchObject({ text: 'border security', count: 3 });
    expect(top.weight).toBeCloseTo(1.2);
  });

  it('re-signs toward red when blue was predicted, and does not join words across punctuation', () => {
    const text = 'Climate change, clean energy.';
    const w = { climate: 0.3, change: 0.3, clean: 0.2, energy: 0.2 };
    const blue = strongestPhrases(phrases(text, tokens(text, w), 'blue'), 'blue');
    expect(blue.map((p) => p.text)).toEqual(['climate change', 'clean energy']);
    expect(blue[0].weight).toBeCloseTo(-0.6);
  });

  it('breaks a phrase at a faint word and caps one at four words', () => {
    const text = 'alpha beta gamma delta epsilon zeta';
    const w = { alpha: 1, beta: 1, gamma: 1, delta: 1, epsilon: 1, zeta: 1 };
    expect(phrases(text, tokens(text, w), 'red').map((p) => p.text)).toEqual([
      'alpha beta gamma delta',
      'epsilon zeta',
    ]);
    const faint = phrases(text, tokens(text, { ...w, gamma: 0.01 }), 'red');
    expect(faint.map((p) => p.text)).toEqual(['alpha beta', 'delta epsilon zeta']);
  });

  it('gives nothing for a text without weights', () => {
    expect(phrases('no weight here', tokens('no weight here', {}), 'red')).toEqual([]);
  });
});
