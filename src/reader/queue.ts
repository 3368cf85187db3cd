/**
 * The expert's labelling queue, ranked (pure code, unit-tested in queue.test.ts). What an expert's
 * label teaches most: texts the model is least sure about (a small margin between the two top
 * classes) and texts where the reader's personal model and the global one disagree. Near-duplicates
 * are dropped (the first, best-ranked copy stays) and a small random share of the queue is drawn
 * from the rest, so the queue does not only feed the models' own blind spots.
 * The page re-ranks after every answer, with fresh predictions.
 */
export interface Candidate {
  id: string;
  text: string;
  /** The global chain's class probabilities. */
  global: Record<string, number>;
  /** The reader's personal (or collective) model's, when they have one. */
  personal?: Record<string, number>;
}

export type Reason = 'uncertain' | 'disagreement' | 'explore';

export interface Ranked {
  id: string;
  score: number;
  uncertainty: number;
  disagreement: number;
  reason: Reason;
}

export interface RankOptions {
  /** How many items to return. */
  limit?: number;
  /** Share of the returned items drawn at random from the rest (0..1). */
  explore?: number;
  /** Word-set Jaccard similarity at or above which two texts count as duplicates. */
  duplicateAt?: number;
  /** Weight of disagreement against uncertainty. */
  disagreementWeight?: number;
  /** Ids already answered: never returned. */
  answered?: ReadonlySet<string>;
  /** A random source in [0, 1), injectable so tests and re-ranks are reproducible. */
  random?: () => number;
}

/** 1 when the two top classes tie, 0 when one class has all the mass. */
export function uncertainty(probabilities: Record<string, number>): number {
  const sorted = Object.values(probabilities)
    .filter(Number.isFinite)
    .sort((a, b) => b - a);
  if (sorted.length < 2) return 0;
  return 1 - (sorted[0] - sorted[1]);
}

/** Total-variation distance between two class distributions (0: same, 1: disjoint). */
export function disagreement(
  a: Record<string, number>,
  b: Record<string, number> | undefined
): number {
  if (!b) return 0;
  const classes = new Set([...Object.keys(a), ...Object.keys(b)]);
  let sum = 0;
  for (const c of classes) sum += Math.abs((a[c] ?? 0) - (b[c] ?? 0));
  return sum / 2;
}

const words = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []);

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/** The plugin's own seeded generator (pure code), for reproducible exploration. */
export { seededRandom as seeded } from '../plugins/model-manager/server/src/ml/random';

export function rankQueue(candidates: Candidate[], options: RankOptions = {}): Ranked[] {
  const {
    limit = 10,
    explore = 0.1,
    duplicateAt = 0.8,
    disagreementWeight = 1,
    answered = new Set<string>(),
    random = Math.random,
  } = options;
  const scored = candidates
    .filter((c) => !answered.has(c.id))
    .map((c) => {
      const u = uncertainty(c.personal ?? c.global);
      const d = disagreement(c.global, c.personal);
      return {
        candidate: c,
        words: words(c.text),
        ranked: { id: c.id, score: u + disagreementWeight * d, uncertainty: u, disagreement: d },
      };
    })
    .sort((a, b) => b.ranked.score - a.ranked.score || a.ranked.id.localeCompare(b.ranked.id));

  // Near-duplicates removed greedily, best first: a copy never outranks its better-ranked twin.
  const distinct: typeof scored = [];
  for (const item of scored) {
    if (!distinct.some((kept) => jaccard(kept.words, item.words) >= duplicateAt))
      distinct.push(item);
  }

  const size = Math.min(limit, distinct.length);
  const explored = Math.min(size, Math.round(size * explore));
  const top = distinct.slice(0, size - explored);
  const rest = distinct.slice(size - explored);
  const out: Ranked[] = top.map(({ ranked }) => ({
    ...ranked,
    reason:
      ranked.disagreement > ranked.uncertainty / 2 && ranked.disagreement > 0
        ? 'disagreement'
        : 'uncertain',
  }));
  // Spread through the queue rather than left at its end, where an expert might never get.
  for (let i = 0; i < explored; i += 1) {
    const [pick] = rest.splice(Math.floor(random() * rest.length), 1);
    out.splice(Math.round(((i + 1) * size) / (explored + 1)), 0, {
      ...pick.ranked,
      reason: 'explore',
    });
  }
  return out;
}

const top = (p: Record<string, number>) =>
  Object.entries(p)
    .filter(([, v]) => Number.isFinite(v))
    .sort((a, b) => b[1] - a[1])[0] ?? ['?', 0];
const said = (p: Record<string, number>) => {
  const [label, value] = top(p);
  return `${Math.round(value * 100)}% ${label}`;
};

/** Below this top-class probability the model is called unsure (a 60/40 call is a close one). */
export const UNSURE_BELOW = 0.65;

/**
 * Why this item was picked, in words that match the figures a reader would see: a 96% answer is
 * never called "unsure", and a random pick says it is random.
 */
export function whyPicked(ranked: Ranked, candidate: Candidate): string {
  const own = candidate.personal ?? candidate.global;
  if (ranked.reason === 'disagreement' && candidate.personal)
    return `your group’s model says ${said(candidate.personal)}, everyone’s says ${said(candidate.global)}: your answer settles it.`;
  if (ranked.reason === 'explore')
    return `picked at random (the model says ${said(own)}), so the queue does not only follow the model’s doubts.`;
  return top(own)[1] < UNSURE_BELOW
    ? `a close call for the model (${said(own)}): your answer teaches it most here.`
    : `the model is fairly sure (${said(own)}), but this is among its least sure of what is left.`;
}
