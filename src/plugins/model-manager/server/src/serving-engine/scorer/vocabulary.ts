/**
 * Vocabularies held by a served model, packed: no per-entry JavaScript object, so a thousand
 * loaded versions are a few flat allocations each that the collector never walks, and memory
 * grows by the vocabulary's own size. Strings are one packed string with their end offsets; ids
 * sequences (n-grams of token ids) one integer array; either is found through an open-addressing
 * table of ids (load at most 3/4), hashed without allocating. Every integer array holds 16 bits a
 * value when its values fit (ids and columns of a vocabulary under 65,536 entries), else 32.
 */

export type Ints = Uint16Array | Int32Array;

/** An array of `length` integers in [0, max]. */
export const intsFor = (max: number, length: number): Ints =>
  max <= 0xffff ? new Uint16Array(length) : new Int32Array(length);

function largest(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i += 1) m = Math.max(m, values[i]);
  return m;
}

/** FNV-1a over UTF-16 code units of s[start, end). */
function hashChars(s: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i += 1) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function hashInts(a: ArrayLike<number>, start: number, n: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < start + n; i += 1) h = Math.imul(h ^ a[i], 0x01000193) ^ (h >>> 15);
  return h >>> 0;
}

/** A power of two with room for n at a load of at most 3/4 (and at least one empty slot). */
function slotCount(n: number): number {
  let size = 2;
  while (size * 3 < n * 4) size *= 2;
  return size;
}

/** Strings to ids 0..size-1 in first-seen order. */
export class StringIds {
  private constructor(
    private readonly packed: string,
    /** end offset in `packed` of each id's string; it starts where the previous one ends */
    private readonly ends: Ints,
    /** id + 1 per slot, 0 when empty */
    private readonly slots: Ints,
    private readonly twoByte: boolean
  ) {}

  /** Ids of `keys` (a repeated key gets the id it got first), and the packed table. */
  static build(keys: Iterable<string>): { table: StringIds; ids: number[] } {
    const distinct: string[] = [];
    const ids: number[] = [];
    const all = [...keys];
    const slots = intsFor(all.length, slotCount(all.length));
    const mask = slots.length - 1;
    for (const key of all) {
      let at = hashChars(key, 0, key.length) & mask;
      while (slots[at] !== 0 && distinct[slots[at] - 1] !== key) at = (at + 1) & mask;
      if (slots[at] === 0) {
        distinct.push(key);
        slots[at] = distinct.length;
      }
      ids.push(slots[at] - 1);
    }
    const ends = intsFor(
      distinct.reduce((n, key) => n + key.length, 0),
      distinct.length
    );
    let end = 0;
    let twoByte = false;
    distinct.forEach((key, i) => {
      end += key.length;
      ends[i] = end;
      // eslint-disable-next-line no-control-regex
      twoByte ||= /[^\u0000-\u00ff]/.test(key);
    });
    const table = new StringIds(distinct.join(''), ends, slots, twoByte);
    // repeated keys: a table sized for the distinct ones
    return { table: distinct.length === all.length ? table : table.indexed(), ids };
  }

  private indexed(): StringIds {
    const slots = intsFor(this.size, slotCount(this.size));
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id += 1) {
      const start = this.start(id);
      let at = hashChars(this.packed, start, this.ends[id]) & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = id + 1;
    }
    return new StringIds(this.packed, this.ends, slots, this.twoByte);
  }

  get size(): number {
    return this.ends.length;
  }

  private start(id: number): number {
    return id === 0 ? 0 : this.ends[id - 1];
  }

  /** The id of `key`, or -1. */
  id(key: string): number {
    const { slots, packed, ends } = this;
    const mask = slots.length - 1;
    for (let at = hashChars(key, 0, key.length) & mask; slots[at] !== 0; at = (at + 1) & mask) {
      const id = slots[at] - 1;
      const start = id === 0 ? 0 : ends[id - 1];
      if (ends[id] - start !== key.length) continue;
      let i = 0;
      while (i < key.length && packed.charCodeAt(start + i) === key.charCodeAt(i)) i += 1;
      if (i === key.length) return id;
    }
    return -1;
  }

  /** The string of an id (a new string: for reports and parity texts, not the scoring path). */
  key(id: number): string {
    return this.packed.slice(this.start(id), this.ends[id]);
  }

  get bytes(): number {
    return (
      this.packed.length * (this.twoByte ? 2 : 1) + this.ends.byteLength + this.slots.byteLength
    );
  }
}

/** Strings to 32-bit integers (a string given twice keeps the last one), answered as Map.get does. */
export class PackedMap {
  private constructor(
    private readonly keys: StringIds,
    private readonly values: Int32Array
  ) {}

  static of(entries: Array<[string, number]>): PackedMap {
    const { table, ids } = StringIds.build(entries.map(([key]) => key));
    const values = new Int32Array(table.size);
    ids.forEach((id, i) => (values[id] = entries[i][1]));
    return new PackedMap(table, values);
  }

  get(key: string): number | undefined {
    const id = this.keys.id(key);
    return id < 0 ? undefined : this.values[id];
  }

  get size(): number {
    return this.keys.size;
  }

  get bytes(): number {
    return this.keys.bytes + this.values.byteLength;
  }
}

/** Sequences of `n` ids to a column, in first-seen order (a sequence given twice keeps its last column). */
export class IdGrams {
  private constructor(
    readonly n: number,
    /** the sequences, n ids each */
    private readonly grams: Ints,
    readonly columns: Ints,
    /** index + 1 per slot, 0 when empty */
    private readonly slots: Ints
  ) {}

  /** `flat`: the sequences' ids one after another; `columns`: one per sequence. */
  static build(n: number, flat: number[], columns: number[]): IdGrams {
    const count = columns.length;
    const grams = intsFor(largest(flat), count * n);
    const kept: number[] = [];
    const slots = intsFor(count, slotCount(count));
    const mask = slots.length - 1;
    for (let g = 0; g < count; g += 1) {
      let at = hashInts(flat, g * n, n) & mask;
      for (; slots[at] !== 0; at = (at + 1) & mask)
        if (equal(grams, (slots[at] - 1) * n, flat, g * n, n)) break;
      if (slots[at] === 0) {
        for (let i = 0; i < n; i += 1) grams[kept.length * n + i] = flat[g * n + i];
        kept.push(columns[g]);
        slots[at] = kept.length;
      } else kept[slots[at] - 1] = columns[g];
    }
    const packed = intsFor(largest(kept), kept.length);
    packed.set(kept);
    const sized = new IdGrams(n, grams.slice(0, kept.length * n), packed, slots);
    return kept.length === count ? sized : sized.reindexed();
  }

  private reindexed(): IdGrams {
    const slots = intsFor(this.size, slotCount(this.size));
    const mask = slots.length - 1;
    for (let g = 0; g < this.size; g += 1) {
      let at = hashInts(this.grams, g * this.n, this.n) & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = g + 1;
    }
    return new IdGrams(this.n, this.grams, this.columns, slots);
  }

  get size(): number {
    return this.columns.length;
  }

  /** The column of the n ids at ids[at..], or -1. */
  column(ids: Int32Array, at: number): number {
    const { slots, grams, n } = this;
    const mask = slots.length - 1;
    for (let s = hashInts(ids, at, n) & mask; slots[s] !== 0; s = (s + 1) & mask) {
      const g = slots[s] - 1;
      if (equal(grams, g * n, ids, at, n)) return this.columns[g];
    }
    return -1;
  }

  /** The ids of sequence g. */
  gram(g: number): Ints {
    return this.grams.subarray(g * this.n, (g + 1) * this.n);
  }

  get bytes(): number {
    return this.grams.byteLength + this.columns.byteLength + this.slots.byteLength;
  }
}

function equal(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number, n: number) {
  for (let k = 0; k < n; k += 1) if (a[i + k] !== b[j + k]) return false;
  return true;
}
