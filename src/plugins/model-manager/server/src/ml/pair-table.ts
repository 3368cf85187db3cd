/**
 * Open-addressing hash map from a pair of non-negative int32 keys to an int32 value. Counting
 * n-grams as (prefix id, token id) pairs through it avoids hashing heap numbers or strings.
 * Each slot stores key, key, value side by side so one probe touches one cache line.
 */
const EMPTY = -1;

export class PairTable {
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1 << 16) {
    const size = 1 << Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.slots = new Int32Array(size * 3).fill(EMPTY);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Offset of the slot holding (a, b), or of the empty slot where it would go. */
  private find(a: number, b: number): number {
    const s = this.slots;
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) & this.mask;
    while (s[h * 3] !== EMPTY && (s[h * 3] !== a || s[h * 3 + 1] !== b)) h = (h + 1) & this.mask;
    return h * 3;
  }

  /** Value stored for (a, b), or -1. */
  get(a: number, b: number): number {
    const o = this.find(a, b);
    return this.slots[o] === EMPTY ? -1 : this.slots[o + 2];
  }

  /** Stores value for a pair that is not present yet. */
  insert(a: number, b: number, value: number): void {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    const o = this.find(a, b);
    this.slots[o] = a;
    this.slots[o + 1] = b;
    this.slots[o + 2] = value;
    this.count++;
  }

  private grow(): void {
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    this.slots = new Int32Array(size * 3).fill(EMPTY);
    this.mask = size - 1;
    this.count = 0;
    for (let o = 0; o < old.length; o += 3)
      if (old[o] !== EMPTY) this.insert(old[o], old[o + 1], old[o + 2]);
  }
}
