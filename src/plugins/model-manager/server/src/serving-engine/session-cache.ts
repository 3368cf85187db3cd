/**
 * A per-process LRU of loaded models keyed by artifact hash, bounded by count and by bytes.
 * Concurrent first requests for one hash share a single load. An evicted entry is disposed of
 * only when its last lease is returned, so a run in flight never loses its session.
 * Generic over the loaded value so it can be unit-tested without onnxruntime.
 */
export interface Disposable {
  dispose(): Promise<void> | void;
}

export interface Lease<T> {
  value: T;
  release(): void;
}

interface Entry<T> {
  value: T;
  bytes: number;
  leases: number;
  evicted: boolean;
}

export interface CacheStats {
  hits: number;
  misses: number;
  loads: number;
  evictions: number;
  size: number;
  bytes: number;
  /** Keys whose value is in use now (a run holds a lease): what a caller can watch a run by. */
  leased: string[];
}

export class SessionCache<T extends Disposable> {
  private readonly entries = new Map<string, Entry<T>>(); // insertion order = recency order
  private readonly loading = new Map<string, Promise<Entry<T>>>();
  private bytes = 0;
  private readonly stats = { hits: 0, misses: 0, loads: 0, evictions: 0 };

  constructor(
    private readonly limits: { maxSessions: number; maxBytes: number },
    private readonly load: (key: string) => Promise<{ value: T; bytes: number }>
  ) {}

  async acquire(key: string): Promise<Lease<T>> {
    let entry = this.entries.get(key);
    if (entry) {
      this.stats.hits += 1;
      this.entries.delete(key); // move to the most recent end
      this.entries.set(key, entry);
    } else {
      this.stats.misses += 1;
      entry = await this.loadOnce(key);
    }
    return this.lease(entry);
  }

  /** The loaded value, if any, without a lease and without touching recency (for facts that never change). */
  peek(key: string): T | undefined {
    return this.entries.get(key)?.value;
  }

  /** The loaded entries, least recently used first (for reports; recency untouched). */
  loaded(): Array<[string, T]> {
    return [...this.entries].map(([key, entry]) => [key, entry.value]);
  }

  /** Drops an entry whose value went bad (disposed of when its leases end). */
  forget(key: string): void {
    void this.evict(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * Whether one more entry fits without evicting any: a free place by count, and room by bytes for
   * one as large as the largest held (an entry's size is known only once it is loaded).
   */
  hasRoom(): boolean {
    if (this.entries.size + this.loading.size >= this.limits.maxSessions) return false;
    let largest = 0;
    for (const entry of this.entries.values()) largest = Math.max(largest, entry.bytes);
    return this.bytes + largest <= this.limits.maxBytes;
  }

  getStats(): CacheStats {
    const leased = [...this.entries].filter(([, entry]) => entry.leases > 0).map(([key]) => key);
    return { ...this.stats, size: this.entries.size, bytes: this.bytes, leased };
  }

  /** Evicts everything; sessions in use are disposed of when their leases end. */
  async clear(): Promise<void> {
    await Promise.allSettled([...this.loading.values()]);
    for (const key of [...this.entries.keys()]) await this.evict(key);
  }

  private lease(entry: Entry<T>): Lease<T> {
    entry.leases += 1;
    let released = false;
    return {
      value: entry.value,
      release: () => {
        if (released) return;
        released = true;
        entry.leases -= 1;
        if (entry.evicted && entry.leases === 0) void entry.value.dispose();
      },
    };
  }

  private loadOnce(key: string): Promise<Entry<T>> {
    const pending = this.loading.get(key);
    if (pending) return pending;
    const promise = (async () => {
      try {
        const { value, bytes } = await this.load(key);
        this.stats.loads += 1;
        const entry: Entry<T> = { value, bytes, leases: 0, evicted: false };
        this.entries.set(key, entry);
        this.bytes += bytes;
        await this.enforceLimits(key);
        return entry;
      } finally {
        this.loading.delete(key);
      }
    })();
    this.loading.set(key, promise);
    return promise;
  }

  private async enforceLimits(justLoaded: string) {
    for (const key of this.entries.keys()) {
      const over = this.entries.size > this.limits.maxSessions || this.bytes > this.limits.maxBytes;
      if (!over) break;
      if (key === justLoaded) continue; // never evict what the caller is about to use
      await this.evict(key);
    }
  }

  private async evict(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    this.stats.evictions += 1;
    entry.evicted = true;
    if (entry.leases === 0) await entry.value.dispose();
  }
}
