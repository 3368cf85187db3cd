import type { ClassSlope, CompiledScorer } from './compiled-scorer';
import type { NgramTable } from './ngrams';
import type { SparseRow } from './values';

/**
 * What a compiled scorer must agree with onnxruntime on before it serves: the smoke texts, the
 * texts the caller gives (the model's evaluation texts), texts that hold every n-gram of every
 * vocabulary (so every weight is read at least once), and texts made to trip the parts most
 * likely to differ: case outside ASCII, digits and punctuation, repeated words, an empty text.
 * Their number grows with the vocabulary, so the check's cost is bounded by the weights' size.
 */
export const PARITY_TOLERANCE = 1e-6;
const PER_TEXT = 64;

const TRICKY = [
  '',
  ' ',
  'ÉCOLE Über ÇA İstanbul ΣΊΣΥΦΟΣ straße ǅemal Ⅻ ＡＢＣ',
  'Tabs\tand\nnewlines, commas; "quotes" and (brackets) - dashes_under_scores 123 4.5 6,7',
  'emoji 🙂🙂 and surrogate \ud800 halves',
];

function ngramPhrases(table: NgramTable): string[] {
  const phrases: string[] = [];
  table.unigrams.forEach((column, id) => column > 0 && phrases.push(table.tokens.key(id)));
  for (const grams of table.longer)
    for (let g = 0; g < (grams?.size ?? 0); g += 1)
      phrases.push(Array.from(grams!.gram(g), (id) => table.tokens.key(id)).join(' '));
  return phrases;
}

export function parityTexts(scorer: CompiledScorer, given: string[], smoke: string[]): string[] {
  const texts = [...smoke, ...given, ...TRICKY];
  const tables = scorer.head ? [scorer.head.table] : [];
  for (const table of tables) {
    const phrases = ngramPhrases(table);
    for (let i = 0; i < phrases.length; i += PER_TEXT) {
      const part = phrases.slice(i, i + PER_TEXT);
      texts.push(part.join(' '));
      // the same words again, capitalised and repeated: case and sublinear term frequencies
      if (i % (PER_TEXT * 8) === 0)
        texts.push(part.map((p) => p.toUpperCase()).join(' ') + ' ' + part.slice(0, 8).join(' '));
    }
    texts.push(phrases.slice(0, 400).join(', ').repeat(3));
  }
  return texts;
}

export interface ParityResult {
  ok: boolean;
  texts: number;
  maxDiff: number;
  /** the first text that disagreed, and by how much */
  worst?: { index: number; diff: number };
}

/** Parity texts run through the scorer at once (see compareScorer). */
const PARITY_CHUNK = 256;

/**
 * The scorer's `outputs` on `texts` against onnxruntime's (`expected`, one row-major matrix per
 * output), run `PARITY_CHUNK` texts at a time: all of a large vocabulary's parity texts at once
 * held every step's rows of every text until the end, the largest allocation of a model's load
 * (a peak of over 100 MiB for the demo's model). `worst` names the first disagreeing text.
 */
export function compareScorer(
  scorer: Pick<CompiledScorer, 'run'>,
  texts: string[],
  outputs: string[],
  expected: Float32Array[]
): ParityResult {
  const result: ParityResult = { ok: true, texts: texts.length, maxDiff: 0 };
  const widths: number[] = [];
  for (let start = 0; start < texts.length; start += PARITY_CHUNK) {
    const part = texts.slice(start, start + PARITY_CHUNK);
    scorer.run(part, outputs).forEach((mine, k) => {
      const width = (widths[k] = mine.length / part.length);
      const theirs = expected[k].subarray(start * width, (start + part.length) * width);
      const { maxDiff, worst } = compareRows(mine, theirs);
      result.maxDiff = Math.max(result.maxDiff, maxDiff);
      if (worst && !result.worst)
        result.worst = { index: start + Math.floor(worst.index / width), diff: worst.diff };
    });
  }
  // onnxruntime answered another number of rows than there are texts
  if (expected.some((e, k) => e.length !== texts.length * (widths[k] ?? 0)))
    result.maxDiff = Infinity;
  result.ok = result.maxDiff <= PARITY_TOLERANCE;
  return result;
}

/** Largest absolute difference between two equal-length matrices (NaN against a number counts as Infinity). */
function compareRows(a: Float32Array, b: Float32Array): ParityResult {
  let maxDiff = a.length === b.length ? 0 : Infinity;
  let worst: ParityResult['worst'];
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const d = Number.isNaN(a[i]) && Number.isNaN(b[i]) ? 0 : Math.abs(a[i] - b[i]);
    const diff = Number.isNaN(d) ? Infinity : d;
    if (diff > maxDiff) {
      maxDiff = diff;
      if (diff > PARITY_TOLERANCE && !worst) worst = { index: i, diff };
    }
  }
  return { ok: maxDiff <= PARITY_TOLERANCE, texts: 0, maxDiff, worst };
}

/**
 * The slope and offset, per class, that make the head's linear term explain the probabilities'
 * log-odds exactly (log p_k - mean log p_c = slope * x . delta_k + offset), found on the parity
 * texts and checked on all of them; null when the probabilities are not log-linear in the head
 * (one-vs-rest logistic over several classes, say): those models keep leave-one-out explanations.
 */
export function fitExplanation(scorer: CompiledScorer, texts: string[]): ClassSlope[] | null {
  const head = scorer.head;
  if (!head) return null;
  const [probabilities, features] = scorer.evaluate(texts, [
    scorer.probabilitiesOutput,
    head.features,
  ]) as [Float64Array[], SparseRow[]];
  const C = scorer.width;
  if (head.classes !== C && !(head.classes === 1 && C === 2)) return null;
  const fits: ClassSlope[] = [];
  for (let k = 0; k < C; k += 1) {
    const points: Array<[number, number]> = [];
    features.forEach((row, i) => {
      if (row.bg !== 0) return;
      const p = probabilities[i];
      if (p.some((v) => !(v > 0))) return; // an underflowed class has no log-odds
      let others = 0;
      for (let c = 0; c < C; c += 1) if (c !== k) others += Math.log(p[c]);
      let d = 0;
      row.cols.forEach((col, j) => (d += row.vals[j] * scorer.delta(col, k)));
      points.push([d, Math.log(p[k]) - others / (C - 1)]);
    });
    const fit = leastSquares(points);
    if (!fit) return null;
    fits.push(fit);
  }
  return fits;
}

function leastSquares(points: Array<[number, number]>): ClassSlope | null {
  if (points.length < 3) return null;
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const [x, y] of points) {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
  }
  if (sxx < 1e-12) return null;
  const slope = sxy / sxx;
  const offset = my - slope * mx;
  // computed in float64: an exact fit is off by rounding only; a real misfit is far larger
  const ok = points.every(([x, y]) => Math.abs(slope * x + offset - y) <= 1e-6 * (1 + Math.abs(y)));
  return ok ? { slope, offset } : null;
}
