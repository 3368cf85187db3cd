import { tokenTexts } from './tokenize';

/**
 * A reader's personal correction of a shared base model: a shift of the base's logits, per class,
 * by the one word of the text that holds the most evidence the reader reads it otherwise:
 *   p(k | text) = softmax_k( log p_base(k | text) + bias_k + w_t[k] ),  t the text's strongest word
 *
 * A word's evidence is how far the reader's labels of the texts holding it are from what the base
 * expected of them: z = (labels of k - the base's summed probability of k) / its standard deviation,
 * the largest over the classes. Its weight is the log of that ratio (labels of k against the base's
 * expectation, each with a prior of `prior / K`), scaled by min(1, (z / evidence) ** sharpness): a
 * word seen once moves its texts a little, one the reader has labelled against the base again and
 * again moves them all the way. Only words whose texts the reader gives one class nearly always
 * (`consistency`), and more often than the base expects, get a weight: a noisy reader, who labels
 * a topic less consistently than the base answers it, is not followed toward the middle, and a
 * word that speakers of both sides use (a swapped speaker's "Wall Street") is not turned for both.
 *
 * Why one word and not a sum: a topic's words come together ("border", "illegal", "immigration"), and
 * summed they would count one piece of evidence two or three times; averaged, a topic word would be
 * diluted by the text's other words. Why counts and not a fitted model: a penalised fit shares a few
 * disputed labels' shift among all their words and the bias, so on an unseen text of the topic it
 * moved 0.07 log-odds where the base's margin was 1.8 (docs/personal-models.md). Counting is exact
 * under a re-label (the stored labels are counted afresh), against a new base (its probabilities are),
 * and cheap: a refit is one pass over the reader's labels.
 */
export interface Correction {
  /** A shift of every text; zero for fitted corrections (a label prior is not a reader's view). */
  bias: number[];
  /** Per word: its evidence and its weight toward each class. */
  words: Map<string, Word>;
  /** Labelled texts counted. */
  docs: number;
  /** Labels it was fitted on. */
  labels: number;
  /** Which base it corrects (the served version's artifact hash), or null before any fit. */
  base: string | null;
  /** The prequential check the gate reads, per region (ml/personal-gate.ts). */
  record: GateRecord;
}

/** What the gate (ml/personal-gate.ts) counted in one region of texts, judged label by label. */
export interface GateTally {
  wins: number;
  losses: number;
}

/** One tally per region, from the weakest move to the strongest (`bounds.length + 1`). */
export type GateRecord = GateTally[];

export interface Word {
  /** The evidence (z) that the reader reads the word's texts otherwise than the base. */
  z: number;
  w: number[];
}

/** Document frequencies of a corpus the reader's words are weighed against (the model's own texts). */
export interface Background {
  docs: number;
  df: ReadonlyMap<string, number>;
}

/** Document frequencies of `texts` (each word counted once per text). */
export function backgroundOf(texts: Iterable<string>): Background {
  const df = new Map<string, number>();
  let docs = 0;
  for (const text of texts) {
    docs += 1;
    for (const token of new Set(tokenTexts(text))) df.set(token, (df.get(token) ?? 0) + 1);
  }
  return { docs, df };
}

/** One stored label of the reader: the text, the class index and the base's probabilities of it. */
export interface LabelledText {
  text: string;
  label: number;
  base: readonly number[];
}

export interface FitOptions {
  /** Evidence (z) at which a word's weight is whole. */
  evidence: number;
  /** How fast a weight grows toward whole with its evidence: min(1, (z / evidence) ** sharpness). */
  sharpness: number;
  /** Pseudo-labels, shared among the classes, added to the reader's counts and the base's expectation. */
  prior: number;
  /** Least share of a word's texts the reader gives its class for the word to get a weight. */
  consistency: number;
  /** Most words one reader keeps: beyond it, those with the least evidence are dropped (bounded memory). */
  maxWords: number;
  /**
   * Words in more than this share of the texts counted (background and reader's, once they are at
   * least MIN_DF_TEXTS) get no weight: "the" is in every text of every topic; its evidence would be
   * the reader's label prior, not a view of anything.
   */
  maxDf: number;
}

const MIN_DF_TEXTS = 50;
const NEGLIGIBLE = 1e-3;

// Chosen by prequential evaluation on the train debates only: a base fitted on half of them, readers
// simulated on the other half (npm run bench:personal -- --on-train): of evidence 3, 3.5 and 4 and
// sharpness 0 (a step), 4 and 8, evidence 4 and sharpness 4 had the best mean over the simulated
// readers; then of consistency 0.5 to 0.95, 0.85 and 0.9 tied on the mean, and 0.9 left the noisy
// and the speaker-swapping readers closer to the base (docs/personal-models.md#measured).
export const DEFAULT_FIT: FitOptions = {
  evidence: 4,
  sharpness: 4,
  prior: 1,
  consistency: 0.9,
  maxWords: 4000,
  maxDf: 0.2,
};

/** What a label changed: the probability of its label before and after, and the words that moved most. */
export interface LabelEffect {
  label: number;
  before: number;
  after: number;
  biasDelta: number[];
  top: Array<{ token: string; delta: number }>;
}

const FLOOR = 1e-9;
const argmax = (p: readonly number[]) => p.indexOf(Math.max(...p));

export function emptyCorrection(classes: number, base: string | null = null): Correction {
  return {
    bias: new Array(classes).fill(0),
    words: new Map(),
    docs: 0,
    labels: 0,
    base,
    record: [],
  };
}

/**
 * The text's word vector over the words the correction knows: its strongest word (most evidence)
 * at 1, the others absent, so `shift` is that word's weight and explanations give it the whole move.
 */
export function features(text: string, correction: Pick<Correction, 'words'>) {
  let best: string | null = null;
  let z = -Infinity;
  for (const token of tokenTexts(text)) {
    const word = correction.words.get(token);
    if (word && word.z > z) [best, z] = [token, word.z];
  }
  return new Map<string, number>(best === null ? [] : [[best, 1]]);
}

/** The correction's addition to each class's logit for this word vector. */
export function shift(correction: Correction, x: Map<string, number>): number[] {
  const out = [...correction.bias];
  for (const [token, v] of x) {
    const word = correction.words.get(token);
    if (word) for (let k = 0; k < out.length; k += 1) out[k] += v * word.w[k];
  }
  return out;
}

export function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const exp = logits.map((l) => Math.exp(l - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}

/** Corrected probabilities of a text from the base's probabilities of it (same class order). */
export function corrected(base: readonly number[], correction: Correction, text: string): number[] {
  if (base.length !== correction.bias.length) return [...base];
  return shifted(base, shift(correction, features(text, correction)));
}

/** The base's probabilities moved by a correction's shift of the logits (`shift`). */
export const shifted = (base: readonly number[], s: readonly number[]): number[] =>
  softmax(base.map((p, k) => Math.log(Math.max(p, FLOOR)) + s[k]));

/** Per word: texts holding it, the reader's labels of each class and the base's expectation. */
interface Tally {
  n: number;
  labels: number[];
  expected: number[];
  variance: number[];
}

/**
 * Fits a correction to every label of a reader (the latest label per text, as stored): counted
 * afresh each time, so a re-label replaces the old one and a new base is learnt against from its
 * own probabilities. `record` is the gate's record, carried over; `base` names the base the
 * probabilities came from; `background` adds a corpus to the document frequencies `maxDf` reads.
 */
export function fitCorrection(
  labelled: readonly LabelledText[],
  classes: number,
  base: string | null,
  options: FitOptions = DEFAULT_FIT,
  record: GateRecord = [],
  background: Background = { docs: 0, df: new Map() }
): Correction {
  const K = classes;
  const tallies = new Map<string, Tally>();
  for (const l of labelled) {
    for (const token of new Set(tokenTexts(l.text))) {
      let t = tallies.get(token);
      if (!t) {
        t = {
          n: 0,
          labels: new Array(K).fill(0),
          expected: new Array(K).fill(0),
          variance: new Array(K).fill(0),
        };
        tallies.set(token, t);
      }
      t.n += 1;
      t.labels[l.label] += 1;
      for (let k = 0; k < K; k += 1) {
        t.expected[k] += l.base[k];
        t.variance[k] += l.base[k] * (1 - l.base[k]);
      }
    }
  }
  const texts = labelled.length + background.docs;
  const common = (token: string, n: number) =>
    texts >= MIN_DF_TEXTS && n + (background.df.get(token) ?? 0) > options.maxDf * texts;
  const correction: Correction = {
    bias: new Array(K).fill(0),
    words: new Map(),
    docs: labelled.length,
    labels: labelled.length,
    base,
    // Carried over: the record judges the reader's corrections over time, not one fit.
    record: record.map((t) => ({ ...t })),
  };
  for (const [token, t] of tallies) {
    if (common(token, t.n)) continue;
    const most = argmax(t.labels);
    // Only toward the class the reader (nearly) always gives the word's texts, more than the base expects.
    if (t.labels[most] < options.consistency * t.n || t.labels[most] <= t.expected[most]) continue;
    let z = 0;
    for (let k = 0; k < K; k += 1)
      // + 0.25: a word of a text or two the base was sure of is not certain evidence
      z = Math.max(z, Math.abs(t.labels[k] - t.expected[k]) / Math.sqrt(t.variance[k] + 0.25));
    const scale = Math.min(1, (z / options.evidence) ** options.sharpness);
    const w = t.labels.map(
      (y, k) => scale * Math.log((y + options.prior / K) / (t.expected[k] + options.prior / K))
    );
    // A word that moves no answer by a thousandth of a log-odds is not worth its memory.
    if (Math.max(...w) - Math.min(...w) >= NEGLIGIBLE) correction.words.set(token, { z, w });
  }
  prune(correction, options.maxWords);
  return correction;
}

/** What refitting `before` into `after` did to one label's text (for the reader's update trail). */
export function effectOf(
  before: Correction,
  after: Correction,
  example: LabelledText,
  top = 5
): LabelEffect {
  const weight = (c: Correction, token: string) => c.words.get(token)?.w[example.label] ?? 0;
  const moved = [...new Set(tokenTexts(example.text))]
    .map((token) => ({ token, delta: weight(after, token) - weight(before, token) }))
    .filter((m) => m.delta !== 0);
  moved.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
  return {
    label: example.label,
    before: corrected(example.base, before, example.text)[example.label],
    after: corrected(example.base, after, example.text)[example.label],
    biasDelta: after.bias.map((b, k) => b - (before.bias[k] ?? 0)),
    top: moved.slice(0, top),
  };
}

/** Drops the words with the least evidence beyond `maxWords`. */
export function prune(correction: Correction, maxWords: number) {
  if (correction.words.size <= maxWords) return;
  const ranked = [...correction.words].sort((a, b) => a[1].z - b[1].z);
  for (const [token] of ranked.slice(0, correction.words.size - maxWords))
    correction.words.delete(token);
}

/**
 * The reader's own part of each word's weight toward class k (same convention as the exact
 * explanation: weight toward k minus the mean toward the other classes), and of the bias.
 */
export function ownParts(
  correction: Correction,
  text: string,
  k: number
): { bias: number; tokens: Map<string, number> } {
  const toward = (w: number[]) => {
    if (w.length < 2) return w[0] ?? 0;
    let others = 0;
    for (let c = 0; c < w.length; c += 1) if (c !== k) others += w[c];
    return w[k] - others / (w.length - 1);
  };
  const tokens = new Map<string, number>();
  for (const [token, v] of features(text, correction)) {
    const word = correction.words.get(token);
    if (word) tokens.set(token, v * toward(word.w));
  }
  return { bias: toward(correction.bias), tokens };
}
