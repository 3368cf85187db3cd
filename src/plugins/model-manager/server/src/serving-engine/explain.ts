import { tokenize } from '../ml/tokenize';

/**
 * Model-agnostic explanation by leaving each distinct word out: for every distinct token of a
 * text, the text with all its occurrences replaced by a neutral placeholder is scored, all
 * variants of all texts in one batched inference. A token's weight is how much the predicted
 * class's probability drops without it (positive: it pushed toward the predicted label), shared
 * among its occurrences. A placeholder word, not a blank: deleting "not" from "not good" would
 * join its neighbours into n-grams the text never had.
 */
/** A token (two word characters or more) that no vocabulary is expected to hold. */
export const PLACEHOLDER = '_mm_';

export interface ExplainedToken {
  text: string;
  start: number;
  end: number;
  weight: number;
}

interface Plan {
  /** distinct token -> its spans in the text */
  groups: Array<{ spans: Array<{ start: number; end: number }>; variantIndex: number }>;
}

function replaceSpans(text: string, spans: Array<{ start: number; end: number }>): string {
  let out = '';
  let cursor = 0;
  for (const { start, end } of spans) {
    out += text.slice(cursor, start) + PLACEHOLDER;
    cursor = end;
  }
  return out + text.slice(cursor);
}

export async function explainTexts(
  texts: string[],
  predictedIndex: number[],
  originalProba: number[][],
  predict: (variants: string[]) => Promise<number[][]>,
  maxDistinctTokens: number
): Promise<ExplainedToken[][]> {
  const variants: string[] = [];
  const plans: Plan[] = texts.map((text) => {
    const byToken = new Map<string, Array<{ start: number; end: number }>>();
    for (const token of tokenize(text)) {
      const spans = byToken.get(token.text);
      if (spans) spans.push(token);
      else if (byToken.size < maxDistinctTokens) byToken.set(token.text, [token]);
    }
    const groups = [...byToken.values()].map((spans) => {
      variants.push(replaceSpans(text, spans));
      return { spans, variantIndex: variants.length - 1 };
    });
    return { groups };
  });

  const variantProba = variants.length ? await predict(variants) : [];

  return texts.map((text, i) => {
    const k = predictedIndex[i];
    const tokens: ExplainedToken[] = [];
    for (const { spans, variantIndex } of plans[i].groups) {
      const weight = (originalProba[i][k] - variantProba[variantIndex][k]) / spans.length;
      for (const { start, end } of spans)
        tokens.push({ text: text.slice(start, end), start, end, weight });
    }
    return tokens.sort((a, b) => a.start - b.start);
  });
}
