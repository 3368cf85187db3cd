/**
 * What a trained version records about its data, compactly: feedback ids as ascending ranges
 * (an import is one range), with a hash of the rows' content, so its training set can be read
 * back by id and checked to be exactly the one it was trained on.
 */
export type IdRanges = Array<[number, number]>;

export interface RowsLineage {
  count: number;
  /** Ascending, inclusive ranges of feedback ids. */
  idRanges: IdRanges;
  /** sha256 over the rows in order (label, sha256 of text), as feedback.ts computes it. */
  contentHash: string;
}

export function toRanges(ids: readonly number[]): IdRanges {
  const sorted = [...ids].sort((a, b) => a - b);
  const ranges: IdRanges = [];
  for (const id of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && id === last[1] + 1) last[1] = id;
    else if (!last || id > last[1]) ranges.push([id, id]);
  }
  return ranges;
}

export function fromRanges(ranges: unknown): number[] {
  if (!Array.isArray(ranges)) return [];
  const ids: number[] = [];
  for (const range of ranges) {
    if (
      !Array.isArray(range) ||
      range.length !== 2 ||
      !range.every((x) => Number.isSafeInteger(x)) ||
      range[1] < range[0]
    ) {
      throw new RangeError('lineage id ranges must be [first, last] integer pairs');
    }
    for (let id = range[0]; id <= range[1]; id++) ids.push(id);
  }
  return ids;
}
