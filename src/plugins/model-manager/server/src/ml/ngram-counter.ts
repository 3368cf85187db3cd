/**
 * Counts word n-grams over a corpus without building a string per distinct n-gram.
 *
 * Every distinct n-gram gets an id; a longer one is keyed by the pair (id of its first n-1
 * tokens, id of its last token) in a PairTable, since hashing int pairs is far faster than
 * hashing joined strings. Its text is built only on request, for the few ids that are kept.
 */
import { PairTable } from './pair-table';

export interface NgramCounts {
  /** Number of distinct n-grams (ids are 0..size-1). */
  size: number;
  /** Documents containing each id. */
  df: Int32Array;
  /** Occurrence ids of document d: ids[docStart[d] .. docStart[d+1]). */
  ids: Int32Array;
  docStart: Int32Array;
  /** The space-joined text of an id. */
  term(id: number): string;
}

/** Growable int32 list (number[] of this size puts pressure on the garbage collector). */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

export function countNgrams(
  docs: readonly (readonly string[])[],
  [minN, maxN]: [number, number]
): NgramCounts {
  const unigramIds = new Map<string, number>();
  const unigramText: string[] = [];
  const longer = new PairTable(1 << 18);
  const prefixOf = new IntList(); // -1 for unigrams
  const lastOf = new IntList(); // unigram id of the last token (itself for unigrams)
  const df = new IntList();
  const lastDoc = new IntList();
  const ids = new IntList();
  const docStart = new Int32Array(docs.length + 1);

  const newId = (prefix: number, last: number): number => {
    prefixOf.push(prefix);
    lastOf.push(last);
    df.push(0);
    lastDoc.push(-1);
    return df.length - 1;
  };
  const emit = (id: number, d: number): void => {
    if (lastDoc.data[id] !== d) {
      lastDoc.data[id] = d;
      df.data[id]++;
    }
    ids.push(id);
  };

  let unigrams = new Int32Array(0);
  let prefix = new Int32Array(0);
  let current = new Int32Array(0);
  docs.forEach((tokens, d) => {
    const T = tokens.length;
    if (unigrams.length < T)
      [unigrams, prefix, current] = [
        new Int32Array(T * 2),
        new Int32Array(T * 2),
        new Int32Array(T * 2),
      ];
    for (let i = 0; i < T; i++) {
      let id = unigramIds.get(tokens[i]);
      if (id === undefined) {
        id = df.length;
        newId(-1, id);
        unigramIds.set(tokens[i], id);
        unigramText[id] = tokens[i];
      }
      unigrams[i] = id;
      if (minN === 1) emit(id, d);
    }
    prefix.set(unigrams.subarray(0, T));
    for (let n = 2; n <= maxN; n++) {
      for (let i = 0; i + n <= T; i++) {
        const last = unigrams[i + n - 1];
        let id = longer.get(prefix[i], last);
        if (id < 0) longer.insert(prefix[i], last, (id = newId(prefix[i], last)));
        current[i] = id;
        if (n >= minN) emit(id, d);
      }
      [prefix, current] = [current, prefix];
    }
    docStart[d + 1] = ids.length;
  });

  const prefixArr = prefixOf.data;
  const lastArr = lastOf.data;
  const term = (id: number): string =>
    prefixArr[id] < 0 ? unigramText[id] : `${term(prefixArr[id])} ${unigramText[lastArr[id]]}`;
  return { size: df.length, df: df.toArray(), ids: ids.toArray(), docStart, term };
}
