/**
 * Remembers an authorisation decision per credential for a short time, so that a hot endpoint
 * does not repeat the same database lookup on every request. A decision is never kept longer than
 * `ttlMs` (revocation and permission changes apply within it), nor past its own `expiresAt`.
 * Concurrent misses for one key share one lookup.
 */
export interface Decision {
  allowed: boolean;
  mayReadAll: boolean;
  /** epoch ms after which the credential itself is no longer valid */
  expiresAt: number | null;
  /** who the credential is ("api-token:4"), the key of sticky challenger draws */
  callerKey?: string;
}

export class DecisionCache {
  private readonly entries = new Map<string, { decision: Decision | null; until: number }>();
  private readonly pending = new Map<string, Promise<Decision | null>>();

  constructor(
    private readonly ttlMs: number,
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
    const promise = lookup()
      .then((decision) => {
        const until = Math.min(now + this.ttlMs, decision?.expiresAt ?? Infinity);
        if (this.entries.size >= this.maxEntries)
          this.entries.delete(this.entries.keys().next().value as string);
        this.entries.set(key, { decision, until });
        return decision;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, promise);
    return promise;
  }

  clear() {
    this.entries.clear();
  }
}
