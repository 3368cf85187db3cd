/**
 * TF-IDF vectorizer over pre-tokenized documents, with scikit-learn's TfidfVectorizer
 * semantics: word n-grams joined by one space, integer min_df, optional sublinear tf
 * (1 + ln tf), smooth idf (ln((1+n)/(1+df)) + 1) and L2-normalised rows.
 */
import { countNgrams } from './ngram-counter';
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
  visit: (term: string, first: number, n: number) => void
): void {
  for (let n = minN; n <= maxN; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const term =
        n === 1
          ? tokens[i]
          : n === 2
            ? `${tokens[i]} ${tokens[i + 1]}`
            : tokens.slice(i, i + n).join(' ');
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

/** Fits the vocabulary and idf and returns the training matrix, counting every n-gram once. */
export function fitTransformTfidf(
  docs: readonly (readonly string[])[],
  options: TfidfOptions
): { model: TfidfModel; matrix: CsrMatrix } {
  validateTfidfOptions(options);
  const counts = countNgrams(docs, options.ngramRange);
  const { df, ids, docStart } = counts;
  const kept: number[] = [];
  for (let id = 0; id < counts.size; id++) if (df[id] >= options.minDf) kept.push(id);
  if (kept.length === 0) {
    throw new Error('Empty vocabulary: no term reaches minDf; lower minDf or add documents');
  }
  // Columns in sorted term order (UTF-16 code units): a deterministic layout.
  const entries = kept.map((id) => ({ id, term: counts.term(id) }));
  entries.sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  const column = new Int32Array(counts.size).fill(-1);
  entries.forEach(({ id }, j) => (column[id] = j));
  const vocabulary = entries.map((e) => e.term);
  const n = docs.length;
  const idf = Float64Array.from(entries, ({ id }) => Math.log((1 + n) / (1 + df[id])) + 1);
  const model: TfidfModel = {
    options: { ...options, ngramRange: [...options.ngramRange] },
    vocabulary,
    idf,
    index: new Map(vocabulary.map((term, j) => [term, j] as const)),
  };

  let longest = 0;
  for (let d = 0; d < n; d++) longest = Math.max(longest, docStart[d + 1] - docStart[d]);
  const buffer = new Int32Array(longest);
  const rows = docs.map((_, d) => {
    let m = 0;
    for (let p = docStart[d]; p < docStart[d + 1]; p++)
      if (column[ids[p]] >= 0) buffer[m++] = column[ids[p]];
    const cols = buffer.subarray(0, m).sort();
    // run-length encode the sorted columns into (index, count)
    const indices = new Int32Array(m);
    const tf = new Float64Array(m);
    let k = -1;
    for (let p = 0; p < m; p++) {
      if (k >= 0 && cols[p] === indices[k]) tf[k]++;
      else {
        indices[++k] = cols[p];
        tf[k] = 1;
      }
    }
    return weightRow(model, indices.slice(0, k + 1), tf);
  });
  return { model, matrix: csrFromRows(rows, vocabulary.length) };
}

export function fitTfidf(docs: readonly (readonly string[])[], options: TfidfOptions): TfidfModel {
  return fitTransformTfidf(docs, options).model;
}

/** tf (or 1 + ln tf) times idf, L2-normalised; `indices` ascending, `counts` aligned. */
function weightRow(model: TfidfModel, indices: Int32Array, counts: ArrayLike<number>): SparseRow {
  const values = new Float64Array(indices.length);
  let squares = 0;
  for (let p = 0; p < indices.length; p++) {
    const tf = counts[p];
    const v = (model.options.sublinearTf ? 1 + Math.log(tf) : tf) * model.idf[indices[p]];
    values[p] = v;
    squares += v * v;
  }
  if (squares > 0) {
    const norm = Math.sqrt(squares);
    for (let p = 0; p < values.length; p++) values[p] /= norm;
  }
  return { indices, values };
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
  return weightRow(
    model,
    indices,
    Array.from(indices, (j) => counts.get(j) ?? 0)
  );
}

export function transformTfidf(model: TfidfModel, docs: readonly (readonly string[])[]): CsrMatrix {
  return csrFromRows(
    docs.map((tokens) => transformOne(model, tokens)),
    model.vocabulary.length
  );
}
