import type { onnx } from 'onnx-proto';
import type { SparseRow } from './values';

/**
 * An ONNX TfIdfVectorizer over strings, as a lookup: each pool n-gram's tokens to an id, n-grams
 * of ids to their output column, counted per text in a scratch row that only the touched columns
 * are read from and reset. Built in time linear in the pool's size.
 */
export interface NgramTable {
  width: number;
  minN: number;
  maxN: number;
  tokenIds: Map<string, number>;
  /** token id -> column of that unigram, or -1 */
  unigrams: Int32Array;
  /** ids joined by "," -> column (n >= 2) */
  longer: Map<string, number>;
  /** bigrams as sorted adjacency: the second ids after first id a are next[start[a]..start[a+1]) */
  bigrams: { start: Int32Array; next: Int32Array; column: Int32Array };
  mode: 'TF' | 'IDF' | 'TFIDF';
  /** per column (IDF and TFIDF modes) */
  weights: Float64Array | null;
}

export interface Occurrence {
  column: number;
  /** index of the first token */
  at: number;
  n: number;
}

const attr = (node: onnx.INodeProto, name: string) => node.attribute?.find((a) => a.name === name);

export function ngramTable(node: onnx.INodeProto): NgramTable | string {
  if (attr(node, 'pool_int64s')?.ints?.length)
    return 'its TfIdfVectorizer counts integers, not strings';
  if (Number(attr(node, 'max_skip_count')?.i ?? 0) !== 0)
    return 'its TfIdfVectorizer skips tokens (max_skip_count > 0)';
  const mode = Buffer.from(attr(node, 'mode')?.s ?? []).toString('utf8');
  if (mode !== 'TF' && mode !== 'IDF' && mode !== 'TFIDF')
    return `its TfIdfVectorizer mode "${mode}" is unknown`;
  const minN = Number(attr(node, 'min_gram_length')?.i ?? 1);
  const maxN = Number(attr(node, 'max_gram_length')?.i ?? 1);
  const pool = (attr(node, 'pool_strings')?.strings ?? []).map((s) =>
    Buffer.from(s).toString('utf8')
  );
  const counts = (attr(node, 'ngram_counts')?.ints ?? []).map(Number);
  const indexes = (attr(node, 'ngram_indexes')?.ints ?? []).map(Number);
  const poolWeights = attr(node, 'weights')?.floats ?? [];
  if (minN < 1 || maxN < minN || maxN > 8 || counts.length > maxN)
    return 'its TfIdfVectorizer n-gram lengths are not modelled';
  const width = indexes.reduce((m, i) => Math.max(m, i + 1), 0);
  const tokenIds = new Map<string, number>();
  for (const token of pool) if (!tokenIds.has(token)) tokenIds.set(token, tokenIds.size);
  const unigrams = new Int32Array(tokenIds.size).fill(-1);
  const longer = new Map<string, number>();
  const weights = mode === 'TF' ? null : new Float64Array(width).fill(NaN);
  let k = 0;
  for (let group = 0; group < counts.length; group += 1) {
    const n = group + 1;
    const start = counts[group];
    const end = group + 1 < counts.length ? counts[group + 1] : pool.length;
    if (start < 0 || end > pool.length || start > end || (end - start) % n !== 0)
      return 'its TfIdfVectorizer pool is inconsistent with ngram_counts';
    for (let i = start; i < end; i += n, k += 1) {
      const column = indexes[k];
      if (column === undefined || column < 0)
        return 'its TfIdfVectorizer has fewer ngram_indexes than n-grams';
      const ids = pool.slice(i, i + n).map((t) => tokenIds.get(t)!);
      if (n === 1) unigrams[ids[0]] = column;
      else longer.set(ids.join(','), column);
      if (weights) {
        const w = Number(poolWeights[k] ?? 1);
        if (!Number.isNaN(weights[column]) && weights[column] !== w)
          return 'its TfIdfVectorizer weighs one column twice, differently';
        weights[column] = w;
      }
    }
  }
  if (k !== indexes.length) return 'its TfIdfVectorizer has more ngram_indexes than n-grams';
  return {
    width,
    minN,
    maxN,
    tokenIds,
    unigrams,
    longer,
    bigrams: bigramIndex(longer, tokenIds.size),
    mode,
    weights,
  };
}

function bigramIndex(longer: Map<string, number>, tokens: number): NgramTable['bigrams'] {
  const pairs: Array<[number, number, number]> = [];
  for (const [key, column] of longer) {
    const parts = key.split(',');
    if (parts.length === 2) pairs.push([Number(parts[0]), Number(parts[1]), column]);
  }
  pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const start = new Int32Array(tokens + 1);
  for (const [a] of pairs) start[a + 1] += 1;
  for (let a = 0; a < tokens; a += 1) start[a + 1] += start[a];
  return {
    start,
    next: Int32Array.from(pairs, (p) => p[1]),
    column: Int32Array.from(pairs, (p) => p[2]),
  };
}

function bigramColumn({ start, next, column }: NgramTable['bigrams'], a: number, b: number) {
  let lo = start[a];
  let hi = start[a + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = next[mid];
    if (v === b) return column[mid];
    if (v < b) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Scratch space for one table: counts by column, and which columns were touched. */
export class NgramCounter {
  private readonly counts: Float64Array;
  private readonly touched: number[] = [];
  private ids = new Int32Array(64);

  constructor(private readonly table: NgramTable) {
    this.counts = new Float64Array(table.width);
  }

  /** The text's n-gram counts (as the mode weighs them); each match reported to `seen` if given. */
  count(tokens: string[], seen?: (o: Occurrence) => void): SparseRow {
    const { table, counts, touched } = this;
    const { minN, maxN, unigrams, bigrams } = table;
    const n = tokens.length;
    if (this.ids.length < n) this.ids = new Int32Array(Math.max(n, 2 * this.ids.length));
    const ids = this.ids;
    for (let i = 0; i < n; i += 1) ids[i] = table.tokenIds.get(tokens[i]) ?? -1;
    for (let at = 0; at < n; at += 1) {
      const a = ids[at];
      if (a < 0) continue;
      for (let len = minN; len <= maxN && at + len <= n; len += 1) {
        let column = -1;
        if (len === 1) column = unigrams[a];
        else if (len === 2) {
          if (ids[at + 1] < 0) break;
          column = bigramColumn(bigrams, a, ids[at + 1]);
        } else {
          if (ids[at + len - 1] < 0) break;
          column = table.longer.get(Array.from(ids.subarray(at, at + len)).join(',')) ?? -1;
        }
        if (column < 0) continue;
        if (counts[column] === 0) touched.push(column);
        counts[column] += 1;
        seen?.({ column, at, n: len });
      }
    }
    const cols = Int32Array.from(touched).sort();
    const vals = new Float64Array(cols.length);
    for (let i = 0; i < cols.length; i += 1) {
      const c = cols[i];
      const tf = counts[c];
      const w = table.weights ? table.weights[c] : 1;
      vals[i] = table.mode === 'TF' ? tf : table.mode === 'IDF' ? w : tf * w;
      counts[c] = 0;
    }
    touched.length = 0;
    return { cols, vals, bg: 0 };
  }
}
