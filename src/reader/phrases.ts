import { towardRed, type Lean, type WeightedToken } from './highlight';

/**
 * The strongest *phrases* each way, for the lists beside the shaded text (pure code, unit-tested in
 * phrases.test.ts). The server spreads an n-gram's weight evenly over its words, so words of one
 * n-gram sit side by side with the same lean: a run of adjacent words leaning the same way, none of
 * them faint, is shown as one phrase ("secure the border") and weighs what its words weigh together.
 * Function words ("the", "and", "to") are never a phrase alone and never start or end one: they
 * still carry their share in the shading, but a list led by "the" tells a reader nothing.
 * Repeats are merged (case-insensitive), their weights added, and counted.
 */
export const FUNCTION_WORDS = new Set(
  (
    'a an the and or but nor so yet for of to in on at by from with without into onto about above ' +
    'below over under after before between through during against among as than then that this ' +
    "these those there here it its it’s it's i me my we us our you your he him his she her they " +
    'them their who whom whose which what when where why how is am are was were be been being do ' +
    'does did doing have has had having will would shall should can could may might must not no ' +
    'if all any each both few more most some such own same too very just also only up down out off ' +
    "again further once s t don now well oh yes let let’s let's going get got one"
  ).split(/\s+/)
);

export interface Phrase {
  text: string;
  /** Summed over its words and its occurrences, signed toward red. */
  weight: number;
  count: number;
}

/** A word whose weight is below this share of the text's strongest one breaks a phrase. */
const FAINT = 0.1;
const MAX_WORDS = 4;

const isFunction = (word: string) => FUNCTION_WORDS.has(word.toLowerCase());

function trim<T extends { text: string }>(words: T[]): T[] {
  let from = 0;
  let to = words.length;
  while (from < to && isFunction(words[from].text)) from += 1;
  while (to > from && isFunction(words[to - 1].text)) to -= 1;
  return words.slice(from, to);
}

/** Phrases of the text, each way: runs of adjacent same-lean words joined only by spaces or hyphens. */
export function phrases(text: string, tokens: WeightedToken[], predictedLabel: string): Phrase[] {
  const sorted = tokens
    .filter((t) => Number.isFinite(t.weight) && t.start >= 0 && t.end > t.start)
    .sort((a, b) => a.start - b.start)
    .map((t) => ({ ...t, red: towardRed(t.weight, predictedLabel) }));
  const max = Math.max(0, ...sorted.map((t) => Math.abs(t.red)));
  if (max === 0) return [];
  const runs: (typeof sorted)[] = [];
  let run: typeof sorted = [];
  let previous: (typeof sorted)[number] | null = null;
  for (const token of sorted) {
    const faint = Math.abs(token.red) < FAINT * max;
    const joined =
      previous !== null &&
      token.start >= previous.end &&
      /^[\s-]*$/.test(text.slice(previous.end, token.start)) &&
      !/\n/.test(text.slice(previous.end, token.start)) &&
      Math.sign(token.red) === Math.sign(previous.red);
    if (!joined || faint || run.length >= MAX_WORDS) {
      if (run.length) runs.push(run);
      run = [];
    }
    if (!faint) run.push(token);
    previous = faint ? null : token;
  }
  if (run.length) runs.push(run);

  const merged = new Map<string, Phrase>();
  for (const words of runs.map(trim)) {
    if (!words.length) continue;
    const key = text
      .slice(words[0].start, words[words.length - 1].end)
      .toLowerCase()
      .replace(/\s+/g, ' ');
    const weight = words.reduce((sum, w) => sum + w.red, 0);
    const seen = merged.get(key);
    if (seen) {
      seen.weight += weight;
      seen.count += 1;
    } else merged.set(key, { text: key, weight, count: 1 });
  }
  return [...merged.values()];
}

/** The `limit` strongest phrases leaning one way, strongest first. */
export function strongestPhrases(all: Phrase[], lean: Lean, limit = 6): Phrase[] {
  return all
    .filter((p) => (lean === 'red' ? p.weight > 0 : p.weight < 0))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.text.localeCompare(b.text))
    .slice(0, limit);
}
