import { explainTexts } from './explain';

// A toy "model": P(red) rises with each "wall" and falls with each "care"; everything else is neutral.
async function toyPredict(texts: string[]): Promise<number[][]> {
  return texts.map((t) => {
    const walls = (t.match(/wall/gi) ?? []).length;
    const cares = (t.match(/care/gi) ?? []).length;
    const red = 1 / (1 + Math.exp(-(walls - cares)));
    return [1 - red, red];
  });
}

async function explainOne(text: string, maxDistinct = 100) {
  const proba = await toyPredict([text]);
  const predicted = proba[0][1] > proba[0][0] ? 1 : 0;
  const [tokens] = await explainTexts([text], [predicted], proba, toyPredict, maxDistinct);
  return { tokens, predicted };
}

describe('explainTexts (leave each distinct token out)', () => {
  it('gives offsets into the original text, including after non-ASCII characters', async () => {
    const text = 'Señor, build the WALL!';

    const { tokens } = await explainOne(text);

    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual([
      'Señor',
      'build',
      'the',
      'WALL',
    ]);
    expect(tokens.map((t) => t.text)).toEqual(['Señor', 'build', 'the', 'WALL']);
  });

  it('weights the word that pushes toward the predicted label positively, neutral words zero', async () => {
    const { tokens, predicted } = await explainOne('build the wall and care');

    const weight = (w: string) => tokens.find((t) => t.text === w)!.weight;
    expect(predicted).toBe(0); // one wall, one care: tie goes to blue (index 0)
    expect(weight('care')).toBeGreaterThan(0);
    expect(weight('wall')).toBeLessThan(0);
    expect(weight('build')).toBe(0);
  });

  it('shares a repeated word’s effect among its occurrences', async () => {
    const { tokens } = await explainOne('wall wall');
    const proba = await toyPredict(['wall wall', '         ']);
    const drop = proba[0][1] - proba[1][1];

    expect(tokens).toHaveLength(2);
    expect(tokens[0].weight).toBeCloseTo(drop / 2, 12);
    expect(tokens[1].weight).toBeCloseTo(drop / 2, 12);
  });

  it('scores all texts and variants in a single batched call', async () => {
    const calls: number[] = [];
    const predict = async (texts: string[]) => {
      calls.push(texts.length);
      return toyPredict(texts);
    };
    const texts = ['wall care', 'a b cc dd'];

    const result = await explainTexts(texts, [0, 0], await toyPredict(texts), predict, 100);

    expect(calls).toEqual([4]); // wall, care, cc, dd ("a" and "b" are not tokens)
    expect(result.map((r) => r.length)).toEqual([2, 2]);
  });

  it('explains at most the configured number of distinct tokens', async () => {
    const { tokens } = await explainOne('one two three four five', 2);

    expect(tokens.map((t) => t.text)).toEqual(['one', 'two']);
  });

  it('returns no tokens for a text without words', async () => {
    const { tokens } = await explainOne('?! 1 .');

    expect(tokens).toEqual([]);
  });
});
