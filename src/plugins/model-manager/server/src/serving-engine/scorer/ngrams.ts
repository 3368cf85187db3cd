import type { onnx } from 'onnx-proto';
import { narrow, type SparseRow, type Weights } from './values';
import { IdGrams, intsFor, StringIds, type Ints } from './vocabulary';

/**
 * An ONNX TfIdfVectorizer over strings, as a lookup: each pool token to an id, n-grams of ids to
 * their output column (vocabulary.ts: packed, no object per entry), counted per text in a scratch
 * row that only the touched columns are read from and reset. Built in time linear in the pool.
 */
export interface NgramTable {
  width: number;
  minN: number;
  maxN: number;
  tokens: StringIds;
  /** token id -> column of that unigram + 1, or 0 */
  unigrams: Ints;
  /** n-grams of ids -> column, by n (2..maxN; absent for a length the pool has none of) */
  longer: Array<IdGrams | undefined>;
  mode: 'TF' | 'IDF' | 'TFIDF';
  /** per column (IDF and TFIDF modes) */
  weights: Weights | null;
}

/** Bytes the table holds. */
export const tableBytes = (t: NgramTable) =>
  t.tokens.bytes +
  t.unigrams.byteLength +
  t.longer.reduce((sum, g) => sum + (g?.bytes ?? 0), 0) +
  (t.weights?.byteLength ?? 0);

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
  const { table: tokens, ids: poolIds } = StringIds.build(pool);
  const unigrams = intsFor(width, tokens.size);
  const byLength: Array<{ flat: number[]; columns: number[] }> = [];
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
      if (n === 1) unigrams[poolIds[i]] = column + 1;
      else {
        byLength[n] ??= { flat: [], columns: [] };
        for (let j = i; j < i + n; j += 1) byLength[n].flat.push(poolIds[j]);
        byLength[n].columns.push(column);
      }
      if (weights) {
        const w = Number(poolWeights[k] ?? 1);
        if (!Number.isNaN(weights[column]) && weights[column] !== w)
          return 'its TfIdfVectorizer weighs one column twice, differently';
        weights[column] = w;
      }
    }
  }
  if (k !== indexes.length) return 'its TfIdfVectorizer has more ngram_indexes than n-grams';
  const longer = byLength.map((g, n) => (g ? IdGrams.build(n, g.flat, g.columns) : undefined));
  return { width, minN, maxN, tokens, unigrams, longer, mode, weights: weights && narrow(weights) };
}

/**
 * Scratch space: counts by column, and which columns were touched. One for every table (a count
 * runs to its end without yielding), so a loaded table holds no row of its own width.
 */
const scratch = {
  counts: new Float64Array(1024),
  ids: new Int32Array(64),
  touched: [] as number[],
};

export class NgramCounter {
  constructor(private readonly table: NgramTable) {}

  /** The text's n-gram counts (as the mode weighs them); each match reported to `seen` if given. */
  count(tokens: string[], seen?: (o: Occurrence) => void): SparseRow {
    const { table } = this;
    const { minN, maxN, unigrams, longer, tokens: vocabulary } = table;
    if (scratch.counts.length < table.width)
      scratch.counts = new Float64Array(Math.max(table.width, 2 * scratch.counts.length));
    const n = tokens.length;
    if (scratch.ids.length < n) scratch.ids = new Int32Array(Math.max(n, 2 * scratch.ids.length));
    const { counts, ids, touched } = scratch;
    try {
      for (let i = 0; i < n; i += 1) ids[i] = vocabulary.id(tokens[i]);
      for (let at = 0; at < n; at += 1) {
        const a = ids[at];
        if (a < 0) continue;
        for (let len = minN; len <= maxN && at + len <= n; len += 1) {
          let column = -1;
          if (len === 1) column = unigrams[a] - 1;
          else {
            if (ids[at + len - 1] < 0) break;
            column = longer[len]?.column(ids, at) ?? -1;
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
      }
      return { cols, vals, bg: 0 };
    } finally {
      for (const c of touched) counts[c] = 0; // clean for the next table, whatever happened
      touched.length = 0;
    }
  }
}
