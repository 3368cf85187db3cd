/**
 * Remembers, per key, a load that failed, for a while: every request meanwhile gets the same
 * error at once instead of fetching and loading the artifact again (a negative cache).
 */
export class FailureMemo {
  private readonly failed = new Map<string, { error: unknown; until: number }>();

  constructor(private readonly ttlMs: () => number) {}

  async guard<T>(key: string, load: () => Promise<T>): Promise<T> {
    const known = this.failed.get(key);
    if (known && known.until > Date.now()) throw known.error;
    this.failed.delete(key);
    try {
      return await load();
    } catch (error) {
      const ttl = this.ttlMs();
      if (ttl > 0) this.failed.set(key, { error, until: Date.now() + ttl });
      throw error;
    }
  }

  size(): number {
    const now = Date.now();
    for (const [key, { until }] of this.failed) if (until <= now) this.failed.delete(key);
    return this.failed.size;
  }
}
