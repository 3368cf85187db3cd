/**
 * TF-IDF vectorizer over pre-tokenized documents, with scikit-learn's TfidfVectorizer
 * semantics: word n-grams joined by one space, integer min_df, optional sublinear tf
 * (1 + ln tf), smooth idf (ln((1+n)/(1+df)) + 1) and L2-normalised rows.
 */
import { PairTable } from './pair-table';
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
      const term =
        n === 1 ? tokens[i] : n === 2 ? `${tokens[i]} ${tokens[i + 1]}` : tokens.slice(i, i + n).join(' ');
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

/** Fits the vocabulary and idf and returns the training matrix, hashing every n-gram once. */
export function fitTransformTfidf(
  docs: readonly (readonly string[])[],
  options: TfidfOptions,
): { model: TfidfModel; matrix: CsrMatrix } {
  validateTfidfOptions(options);
  // Every distinct n-gram gets a provisional id. A longer n-gram is keyed by the pair
  // (id of its first n-1 tokens, id of its last token): hashing int pairs is far faster than
  // hashing joined strings, and each string is built once per distinct n-gram.
  const [minN, maxN] = options.ngramRange;
  const unigramIds = new Map<string, number>();
  const longerIds = new PairTable();
  const terms: string[] = [];
  const df: number[] = [];
  const lastDoc: number[] = [];
  const newId = (term: string): number => {
    terms.push(term);
    df.push(0);
    lastDoc.push(-1);
    return terms.length - 1;
  };
  const docIds = docs.map((tokens, d) => {
    const list: number[] = [];
    const emit = (id: number) => {
      if (lastDoc[id] !== d) {
        lastDoc[id] = d;
        df[id]++;
      }
      list.push(id);
    };
    const unigrams = tokens.map((t) => {
      let id = unigramIds.get(t);
      if (id === undefined) unigramIds.set(t, (id = newId(t)));
      return id;
    });
    if (minN === 1) unigrams.forEach(emit);
    let prefix = unigrams;
    for (let n = 2; n <= maxN; n++) {
      const current: number[] = [];
      for (let i = 0; i + n <= tokens.length; i++) {
        let id = longerIds.get(prefix[i], unigrams[i + n - 1]);
        if (id < 0) {
          id = newId(`${terms[prefix[i]]} ${tokens[i + n - 1]}`);
          longerIds.insert(prefix[i], unigrams[i + n - 1], id);
        }
        current.push(id);
        if (n >= minN) emit(id);
      }
      prefix = current;
    }
    return list;
  });

  const kept = terms.map((_, id) => id).filter((id) => df[id] >= options.minDf);
  kept.sort((a, b) => (terms[a] < terms[b] ? -1 : terms[a] > terms[b] ? 1 : 0));
  if (kept.length === 0) {
    throw new Error('Empty vocabulary: no term reaches minDf; lower minDf or add documents');
  }
  const column = new Int32Array(terms.length).fill(-1);
  kept.forEach((id, j) => (column[id] = j));
  const vocabulary = kept.map((id) => terms[id]);
  const n = docs.length;
  const idf = Float64Array.from(kept, (id) => Math.log((1 + n) / (1 + df[id])) + 1);
  const model: TfidfModel = {
    options: { ...options, ngramRange: [...options.ngramRange] },
    vocabulary,
    idf,
    index: new Map(vocabulary.map((term, j) => [term, j] as const)),
  };

  const buffer = new Int32Array(docIds.reduce((a, l) => Math.max(a, l.length), 0));
  const rows = docIds.map((list) => {
    let m = 0;
    for (const id of list) if (column[id] >= 0) buffer[m++] = column[id];
    const cols = buffer.slice(0, m).sort();
    const indices: number[] = [];
    const counts: number[] = [];
    for (let p = 0; p < cols.length; p++) {
      if (p > 0 && cols[p] === cols[p - 1]) counts[counts.length - 1]++;
      else {
        indices.push(cols[p]);
        counts.push(1);
      }
    }
    return weightRow(model, Int32Array.from(indices), counts);
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
  return weightRow(model, indices, Array.from(indices, (j) => counts.get(j) ?? 0));
}

export function transformTfidf(model: TfidfModel, docs: readonly (readonly string[])[]): CsrMatrix {
  return csrFromRows(
    docs.map((tokens) => transformOne(model, tokens)),
    model.vocabulary.length,
  );
}
