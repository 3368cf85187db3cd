import { describe as describeLabel, differingWords, segments, towardRed } from './highlight';

const text = 'Cut taxes and fund health care';
const tok = (word: string, weight: number) => ({
  text: word,
  start: text.indexOf(word),
  end: text.indexOf(word) + word.length,
  weight,
});

describe('shading a prediction', () => {
  it('re-signs weights toward red whichever label was predicted', () => {
    expect(towardRed(0.4, 'red')).toBe(0.4);
    expect(towardRed(0.4, 'blue')).toBe(-0.4);
  });

  it('cuts the text into plain and shaded segments that add back up to the text', () => {
    const parts = segments(text, [tok('health', 0.5), tok('taxes', -1)], 'blue');
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.find((p) => p.text === 'taxes')).toMatchObject({ lean: 'red', strength: 1 });
    expect(parts.find((p) => p.text === 'health')).toMatchObject({ lean: 'blue', strength: 0.5 });
    expect(parts.find((p) => p.text === 'and')).toBeUndefined();
  });

  it('survives hostile offsets: overlaps, out of range, not finite', () => {
    const parts = segments(
      text,
      [
        tok('taxes', 1),
        { text: 'x', start: 5, end: 8, weight: 1 },
        { text: 'y', start: 999, end: 1000, weight: 1 },
        { ...tok('care', Number.NaN) },
      ],
      'red'
    );
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.filter((p) => p.lean)).toHaveLength(1);
  });

  it('names the words whose lean flips or changes most between the personal and global models', () => {
    const global = {
      label: 'red',
      tokens: [tok('taxes', 1), tok('health', -0.2), tok('care', -0.2)],
    };
    const personal = {
      label: 'red',
      tokens: [tok('taxes', 1), tok('health', 0.6), tok('care', -0.21)],
    };
    expect(differingWords(personal, global).map((d) => d.word)).toEqual(['health']);
    expect(differingWords(global, global)).toEqual([]);
    // a word that carries the reader's own part is named, however little it moved
    const slightly = {
      label: 'red',
      tokens: [tok('taxes', 1), { ...tok('health', -0.19), own: 0.01 }, tok('care', -0.2)],
    };
    expect(differingWords(slightly, global).map((d) => d.word)).toEqual(['health']);
  });

  it('describes the probability of the predicted label', () => {
    expect(describeLabel({ red: 0.624, blue: 0.376 }, 'red')).toBe('62% red');
  });
});
