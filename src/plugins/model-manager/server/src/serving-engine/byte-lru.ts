/**
 * A least-recently-used map bounded by the bytes its values hold (as the caller measures them),
 * not by their count: 10,000 small corrections and 100 large ones cost what they weigh.
 */
export class ByteLru<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private held = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, bytes: number) {
    this.delete(key);
    if (bytes > this.maxBytes) return; // never held: it would evict everything and still not fit
    this.entries.set(key, { value, bytes });
    this.held += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.held -= entry.bytes;
    }
  }

  delete(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.held -= entry.bytes;
  }

  clear() {
    this.entries.clear();
    this.held = 0;
  }

  stats() {
    return { entries: this.entries.size, bytes: this.held, maxBytes: this.maxBytes };
  }
}
