/**
 * Pure helpers that turn a prediction's explanation into shaded text (no DOM here, so they are
 * unit-tested alone). A token's weight is signed toward the *predicted* label; the page shows lean
 * toward red or blue, so weights are first re-signed toward "red".
 */
export interface WeightedToken {
  text: string;
  start: number;
  end: number;
  weight: number;
  /** Personal answers: the reader's own part of `weight` (the words their labels moved). */
  own?: number;
}

export type Lean = 'red' | 'blue';

export interface Segment {
  text: string;
  /** Absent for text no token covers. */
  lean?: Lean;
  /** 0..1: this token's share of the text's strongest weight. */
  strength?: number;
  /** Signed toward red. */
  weight?: number;
}

/** The weight of a token toward red, whichever label the model predicted. */
export function towardRed(weight: number, predictedLabel: string): number {
  return predictedLabel === 'red' ? weight : -weight;
}

/**
 * The text cut into plain and shaded segments. Tokens are sorted and overlaps dropped (the first
 * one wins), offsets are clamped to the text, and zero weights stay plain.
 */
export function segments(text: string, tokens: WeightedToken[], predictedLabel: string): Segment[] {
  const valid = tokens
    .filter(
      (t) => Number.isFinite(t.weight) && t.start >= 0 && t.end > t.start && t.start < text.length
    )
    .sort((a, b) => a.start - b.start);
  const max = Math.max(0, ...valid.map((t) => Math.abs(t.weight)));
  const out: Segment[] = [];
  let at = 0;
  for (const token of valid) {
    if (token.start < at) continue;
    const end = Math.min(token.end, text.length);
    if (token.start > at) out.push({ text: text.slice(at, token.start) });
    const weight = towardRed(token.weight, predictedLabel);
    out.push(
      weight === 0 || max === 0
        ? { text: text.slice(token.start, end) }
        : {
            text: text.slice(token.start, end),
            lean: weight > 0 ? 'red' : 'blue',
            strength: Math.abs(weight) / max,
            weight,
          }
    );
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

export interface WordDifference {
  word: string;
  /** Toward red, in each model (0 when a model gave the word no weight). */
  personal: number;
  global: number;
}

/**
 * The words where the reader's personal model and the global one disagree: opposite leans, a
 * weight that changed by more than `minChange` of the largest weight seen, or a word that carries
 * the reader's own part (however small: it is the word their labels moved). Strongest change first.
 */
export function differingWords(
  personal: { tokens: WeightedToken[]; label: string },
  global: { tokens: WeightedToken[]; label: string },
  minChange = 0.25,
  limit = 12
): WordDifference[] {
  const byWord = (side: { tokens: WeightedToken[]; label: string }) => {
    const map = new Map<string, number>();
    for (const t of side.tokens) {
      const word = t.text.toLowerCase();
      map.set(word, (map.get(word) ?? 0) + towardRed(t.weight, side.label));
    }
    return map;
  };
  const p = byWord(personal);
  const g = byWord(global);
  const moved = new Set(
    personal.tokens.filter((t) => (t.own ?? 0) !== 0).map((t) => t.text.toLowerCase())
  );
  const words = new Set([...p.keys(), ...g.keys()]);
  const scale = Math.max(1e-9, ...[...p.values(), ...g.values()].map(Math.abs));
  const out: WordDifference[] = [];
  for (const word of words) {
    const a = p.get(word) ?? 0;
    const b = g.get(word) ?? 0;
    const flipped = a !== 0 && b !== 0 && Math.sign(a) !== Math.sign(b);
    if (flipped || moved.has(word) || Math.abs(a - b) / scale > minChange)
      out.push({ word, personal: a, global: b });
  }
  return out
    .sort((x, y) => Math.abs(y.personal - y.global) - Math.abs(x.personal - x.global))
    .slice(0, limit);
}

/** "62% red": the probability of the predicted label, rounded for people. */
export function describe(probabilities: Record<string, number>, label: string): string {
  return `${Math.round((probabilities[label] ?? 0) * 100)}% ${label}`;
}
