/**
 * Open-addressing hash map from a pair of non-negative int32 keys to an int32 value. Counting
 * n-grams as (prefix id, token id) pairs through it avoids hashing heap numbers or strings.
 */
export class PairTable {
  private first: Int32Array;
  private second: Int32Array;
  private values: Int32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1 << 16) {
    const size = 1 << Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.first = new Int32Array(size).fill(-1);
    this.second = new Int32Array(size);
    this.values = new Int32Array(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  private slot(a: number, b: number): number {
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) & this.mask;
    while (this.first[h] !== -1 && (this.first[h] !== a || this.second[h] !== b)) h = (h + 1) & this.mask;
    return h;
  }

  /** Value stored for (a, b), or -1. */
  get(a: number, b: number): number {
    const h = this.slot(a, b);
    return this.first[h] === -1 ? -1 : this.values[h];
  }

  /** Stores value for a pair that is not present yet. */
  insert(a: number, b: number, value: number): void {
    if ((this.count + 1) * 2 > this.first.length) this.grow();
    const h = this.slot(a, b);
    this.first[h] = a;
    this.second[h] = b;
    this.values[h] = value;
    this.count++;
  }

  private grow(): void {
    const { first, second, values } = this;
    const size = first.length * 2;
    this.first = new Int32Array(size).fill(-1);
    this.second = new Int32Array(size);
    this.values = new Int32Array(size);
    this.mask = size - 1;
    this.count = 0;
    for (let h = 0; h < first.length; h++) if (first[h] !== -1) this.insert(first[h], second[h], values[h]);
  }
}
