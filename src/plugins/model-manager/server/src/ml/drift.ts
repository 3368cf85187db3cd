/**
 * How far the texts a model serves have moved from the texts it was evaluated on: the
 * Jensen–Shannon divergence (base 2, so 0 = same, 1 = nothing in common) between two token
 * distributions over a shared vocabulary — the reference's most frequent tokens plus one bucket
 * for every other token, so new words count as a shift rather than vanish. Pure.
 */

export type TokenCounts = Record<string, number>;

const WORD = /[\p{L}\p{N}_]{2,}/gu;

/**
 * The words of a text as drift counts them: lowercased runs of two or more letters, digits or
 * underscores (the tokenizer's pattern, without its offsets and code-point care: about ten times
 * cheaper, and both sides of the comparison are counted the same way).
 */
export function countWords(text: string, into: TokenCounts = {}): TokenCounts {
  for (const word of wordsOf(text)) into[word] = (into[word] ?? 0) + 1;
  return into;
}

/** The words countWords counts, in order (repeats kept). */
export const wordsOf = (text: string): string[] => text.toLowerCase().match(WORD) ?? [];

/** Adds `more` into `into` (in place), keeping at most `maxTokens` distinct tokens; the rest go to `other`. */
export function addCounts(into: TokenCounts, more: TokenCounts, maxTokens: number): TokenCounts {
  let size = Object.keys(into).length;
  for (const token in more) {
    const n = more[token];
    if (into[token] !== undefined) into[token] += n;
    else if (size < maxTokens) {
      into[token] = n;
      size += 1;
    } else into[OTHER] = (into[OTHER] ?? 0) + n;
  }
  return into;
}

export const OTHER = '\u0000other';

/** The reference's `size` most frequent tokens: the vocabulary both sides are counted over. */
export function vocabularyOf(reference: TokenCounts, size: number): string[] {
  return Object.entries(reference)
    .filter(([token]) => token !== OTHER)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, size)
    .map(([token]) => token);
}

function distribution(counts: TokenCounts, vocabulary: readonly string[]): number[] {
  const known = new Set(vocabulary);
  const p = vocabulary.map((token) => counts[token] ?? 0);
  let other = 0;
  for (const [token, n] of Object.entries(counts)) if (!known.has(token)) other += n;
  p.push(other);
  const total = p.reduce((a, b) => a + b, 0);
  return total > 0 ? p.map((x) => x / total) : p;
}

const entropyTerm = (p: number, m: number) => (p > 0 ? p * Math.log2(p / m) : 0);

/** Jensen–Shannon divergence of `served` from `reference`, in [0, 1]; null when either side counted nothing. */
export function jensenShannon(
  reference: TokenCounts,
  served: TokenCounts,
  vocabularySize = 2000
): number | null {
  const vocabulary = vocabularyOf(reference, vocabularySize);
  const p = distribution(reference, vocabulary);
  const q = distribution(served, vocabulary);
  if (!p.some((x) => x > 0) || !q.some((x) => x > 0)) return null;
  let kl = 0;
  for (let i = 0; i < p.length; i += 1) {
    const m = (p[i] + q[i]) / 2;
    kl += entropyTerm(p[i], m) + entropyTerm(q[i], m);
  }
  return Math.min(1, Math.max(0, kl / 2));
}

/** Wilson score interval (95 %) of a proportion: honest at small counts, where the normal one is not. */
export function wilson(successes: number, trials: number, z = 1.96) {
  if (trials === 0) return { value: null, low: null, high: null };
  const p = successes / trials;
  const d = 1 + (z * z) / trials;
  const centre = (p + (z * z) / (2 * trials)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials))) / d;
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
