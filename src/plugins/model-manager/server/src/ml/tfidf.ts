/**
 * TF-IDF vectorizer over pre-tokenized documents, with scikit-learn's TfidfVectorizer
 * semantics: word n-grams joined by one space, integer min_df, optional sublinear tf
 * (1 + ln tf), smooth idf (ln((1+n)/(1+df)) + 1) and L2-normalised rows.
 */
import { csrFromRows, type CsrMatrix, type SparseRow } from './sparse';

export interface TfidfOptions {
  /** Smallest and largest n-gram length, inclusive. */
  ngramRange: [number, number];
  /** Keep a term only if it occurs in at least this many documents. */
  minDf: number;
  /** Replace a term count tf by 1 + ln(tf). */
  sublinearTf: boolean;
}

export interface TfidfModel {
  options: TfidfOptions;
  /** Terms in column order, sorted by UTF-16 code units (deterministic). */
  vocabulary: string[];
  idf: Float64Array;
  /** Term -> column. */
  index: Map<string, number>;
}

/** Calls `visit(term, first, n)` for every n-gram occurrence, n ascending then position. */
export function forEachNgram(
  tokens: readonly string[],
  [minN, maxN]: [number, number],
  visit: (term: string, first: number, n: number) => void,
): void {
  for (let n = minN; n <= maxN; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const term = n === 1 ? tokens[i] : tokens.slice(i, i + n).join(' ');
      visit(term, i, n);
    }
  }
}

export function validateTfidfOptions(o: TfidfOptions): void {
  const [minN, maxN] = o.ngramRange;
  if (!Number.isInteger(minN) || !Number.isInteger(maxN) || minN < 1 || maxN < minN) {
    throw new RangeError(`ngramRange must be integers 1 <= min <= max, got [${minN}, ${maxN}]`);
  }
  if (!Number.isInteger(o.minDf) || o.minDf < 1) {
    throw new RangeError(`minDf must be an integer >= 1, got ${o.minDf}`);
  }
}

export function fitTfidf(docs: readonly (readonly string[])[], options: TfidfOptions): TfidfModel {
  validateTfidfOptions(options);
  const df = new Map<string, number>();
  for (const tokens of docs) {
    const seen = new Set<string>();
    forEachNgram(tokens, options.ngramRange, (term) => seen.add(term));
    for (const term of seen) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const vocabulary = [...df.keys()]
    .filter((term) => (df.get(term) ?? 0) >= options.minDf)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (vocabulary.length === 0) {
    throw new Error('Empty vocabulary: no term reaches minDf; lower minDf or add documents');
  }
  const n = docs.length;
  const idf = new Float64Array(vocabulary.length);
  vocabulary.forEach((term, j) => {
    idf[j] = Math.log((1 + n) / (1 + (df.get(term) ?? 0))) + 1;
  });
  const index = new Map(vocabulary.map((term, j) => [term, j] as const));
  return { options: { ...options, ngramRange: [...options.ngramRange] }, vocabulary, idf, index };
}

/** Raw term counts of one document, keyed by column. */
export function termCounts(model: TfidfModel, tokens: readonly string[]): Map<number, number> {
  const counts = new Map<number, number>();
  forEachNgram(tokens, model.options.ngramRange, (term) => {
    const j = model.index.get(term);
    if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
  });
  return counts;
}

/** One document's tf-idf row (all zeros when no known term occurs). */
export function transformOne(model: TfidfModel, tokens: readonly string[]): SparseRow {
  const counts = termCounts(model, tokens);
  const indices = Int32Array.from(counts.keys()).sort();
  const values = new Float64Array(indices.length);
  let squares = 0;
  indices.forEach((j, p) => {
    const tf = counts.get(j) ?? 0;
    const v = (model.options.sublinearTf ? 1 + Math.log(tf) : tf) * model.idf[j];
    values[p] = v;
    squares += v * v;
  });
  if (squares > 0) {
    const norm = Math.sqrt(squares);
    for (let p = 0; p < values.length; p++) values[p] /= norm;
  }
  return { indices, values };
}

export function transformTfidf(model: TfidfModel, docs: readonly (readonly string[])[]): CsrMatrix {
  return csrFromRows(
    docs.map((tokens) => transformOne(model, tokens)),
    model.vocabulary.length,
  );
}
