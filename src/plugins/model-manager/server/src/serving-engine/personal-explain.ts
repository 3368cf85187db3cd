import type { Explanation } from '../../../shared/contracts/predict';
import { type Correction, emptyCorrection, ownParts } from '../ml/personal-correction';
import { type GateOptions, gateOpen, served } from '../ml/personal-gate';
import { lowerCodePoints, tokenize } from '../ml/tokenize';

/**
 * The base's probability rows as the reader is answered (same class order): corrected by their
 * weights where the gate of the text's region is open, the base's elsewhere.
 */
export function personalRows(
  texts: string[],
  base: number[][],
  correction: Correction,
  gate: GateOptions
): number[][] {
  return texts.map((text, i) => served(base[i], correction, text, gate));
}

/** The correction that answers `text`: the reader's, or none where its region's gate is closed. */
export const answeringFor = (correction: Correction, text: string, gate: GateOptions) =>
  gateOpen(correction, text, gate)
    ? correction
    : { ...emptyCorrection(correction.bias.length, correction.base), labels: correction.labels };

/**
 * Splits an exact explanation of the base into the base's part and the reader's own part of each
 * token's weight: the reader's term for a word is shared equally among its occurrences, as the
 * base's n-gram terms are; `ownBias` is the reader's part of `bias`. base + own = weight, and
 * bias + the weights add up to the corrected log-odds of class k (exactly, for two classes). A
 * word the reader taught that the base gives no weight (absent from its explanation) is added at
 * each of its occurrences, with base 0: otherwise the word that moved the answer would be missing.
 */
export function splitExplanation(
  explanation: Explanation,
  text: string,
  correction: Correction,
  k: number
): Explanation {
  const own = ownParts(correction, text, k);
  const occurrences = new Map<string, number>();
  const keyOf = (t: { text: string }) => lowerCodePoints(t.text);
  for (const t of explanation.tokens)
    occurrences.set(keyOf(t), (occurrences.get(keyOf(t)) ?? 0) + 1);
  const tokens = explanation.tokens.map((t) => {
    const mine = (own.tokens.get(keyOf(t)) ?? 0) / (occurrences.get(keyOf(t)) ?? 1);
    return { ...t, weight: t.weight + mine, base: t.weight, own: mine };
  });
  const unexplained = [...own.tokens].filter(([word, v]) => v !== 0 && !occurrences.has(word));
  if (unexplained.length) {
    const spans = tokenize(text);
    for (const [word, v] of unexplained) {
      const at = spans.filter((t) => t.text === word);
      for (const t of at) {
        const mine = v / at.length;
        tokens.push({
          text: text.slice(t.start, t.end),
          start: t.start,
          end: t.end,
          weight: mine,
          base: 0,
          own: mine,
        });
      }
    }
    tokens.sort((a, b) => a.start - b.start);
  }
  return { ...explanation, tokens, bias: (explanation.bias ?? 0) + own.bias, ownBias: own.bias };
}
