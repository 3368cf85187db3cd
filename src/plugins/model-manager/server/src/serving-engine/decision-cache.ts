/**
 * Remembers an authorisation decision per credential (keyed by its hash, never the credential) for a short time, so that a hot endpoint
 * does not repeat the same database lookup on every request. A decision is never kept longer than
 * `ttlMs` (revocation and permission changes apply within it), nor past its own `expiresAt`.
 * Concurrent misses for one key share one lookup.
 */
export interface Decision {
  allowed: boolean;
  mayReadAll: boolean;
  /** epoch ms after which the credential itself is no longer valid */
  expiresAt: number | null;
  /** who the credential is ("api-token:4", "user:7"), the key of sticky challenger draws */
  callerKey?: string;
  /** a reader's users-permissions id (their JWT): their personal model and outcomes */
  userId?: number;
  /** the API token's row id, and when it was last used (epoch ms), kept as Strapi keeps it */
  tokenId?: number;
  lastUsedAt?: number | null;
}

export class DecisionCache {
  private readonly entries = new Map<string, { decision: Decision | null; until: number }>();
  private readonly pending = new Map<string, Promise<Decision | null>>();
  /** bumped by clear(): a lookup that started before it stores nothing */
  private generation = 0;
  /** lookups made (misses), for operators: a cache forgotten by every change shows here */
  private lookups = 0;

  constructor(
    /** read at each lookup, so a changed setting applies at once */
    private readonly ttlMs: () => number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now
  ) {}

  /** The cached decision (null: refused or unknown), or undefined when none is fresh: no promise on the hot path. */
  peek(key: string): Decision | null | undefined {
    const cached = this.entries.get(key);
    return cached && cached.until > this.now() ? cached.decision : undefined;
  }

  async get(key: string, lookup: () => Promise<Decision | null>): Promise<Decision | null> {
    const cached = this.entries.get(key);
    const now = this.now();
    if (cached && cached.until > now) return cached.decision;
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const generation = this.generation;
    this.lookups += 1;
    const promise: Promise<Decision | null> = lookup()
      .then((decision) => {
        if (generation !== this.generation) return decision; // read before a token changed
        const until = Math.min(now + this.ttlMs(), decision?.expiresAt ?? Infinity);
        if (this.entries.size >= this.maxEntries)
          this.entries.delete(this.entries.keys().next().value as string);
        this.entries.set(key, { decision, until });
        return decision;
      })
      .finally(() => {
        if (this.pending.get(key) === promise) this.pending.delete(key);
      });
    this.pending.set(key, promise);
    return promise;
  }

  stats(): { entries: number; lookups: number } {
    return { entries: this.entries.size, lookups: this.lookups };
  }

  /** Forgets every decision, and makes a lookup already under way not store what it read before. */
  clear() {
    this.entries.clear();
    this.pending.clear();
    this.generation += 1;
  }
}
