import { DecisionCache, type Decision } from './decision-cache';

const allow: Decision = { allowed: true, mayReadAll: false, expiresAt: null };

describe('DecisionCache', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 1_000;
  });

  it('answers from memory within the TTL and asks again after it', async () => {
    const cache = new DecisionCache(() => 1_000, 100, now);
    let lookups = 0;
    const lookup = async () => {
      lookups += 1;
      return allow;
    };

    await cache.get('t', lookup);
    clock += 999;
    await cache.get('t', lookup);
    clock += 2;
    await cache.get('t', lookup);

    expect(lookups).toBe(2);
  });

  it('peek gives the fresh decision without a lookup, and nothing once it is stale', async () => {
    const cache = new DecisionCache(() => 1_000, 100, now);
    expect(cache.peek('t')).toBeUndefined();
    await cache.get('t', async () => allow);

    clock += 999;
    expect(cache.peek('t')).toBe(allow);
    clock += 2;
    expect(cache.peek('t')).toBeUndefined();
  });

  it('never keeps a decision past the credential’s own expiry', async () => {
    const cache = new DecisionCache(() => 60_000, 100, now);
    let lookups = 0;
    const expiring = async () => {
      lookups += 1;
      return { ...allow, expiresAt: clock + 10 };
    };

    await cache.get('t', expiring);
    clock += 11;
    await cache.get('t', expiring);

    expect(lookups).toBe(2);
  });

  it('shares one lookup between concurrent misses', async () => {
    const cache = new DecisionCache(() => 1_000, 100, now);
    let lookups = 0;
    const slow = () =>
      new Promise<Decision>((resolve) => setTimeout(() => resolve(allow), 5)).finally(
        () => (lookups += 1)
      );

    const results = await Promise.all([
      cache.get('t', slow),
      cache.get('t', slow),
      cache.get('t', slow),
    ]);

    expect(lookups).toBe(1);
    expect(results).toEqual([allow, allow, allow]);
  });

  it('remembers an unknown credential (null) too, for the same short time', async () => {
    const cache = new DecisionCache(() => 1_000, 100, now);
    let lookups = 0;
    const unknown = async () => {
      lookups += 1;
      return null;
    };

    expect(await cache.get('x', unknown)).toBeNull();
    expect(await cache.get('x', unknown)).toBeNull();
    expect(lookups).toBe(1);
  });

  it('stays bounded: the oldest entry goes first', async () => {
    const cache = new DecisionCache(() => 1_000, 2, now);
    const seen: string[] = [];
    const lookup = (key: string) => async () => {
      seen.push(key);
      return allow;
    };

    await cache.get('a', lookup('a'));
    await cache.get('b', lookup('b'));
    await cache.get('c', lookup('c'));
    await cache.get('a', lookup('a'));

    expect(seen).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('DecisionCache.clear', () => {
  it('forgets decisions at once, and a lookup under way when it clears stores nothing', async () => {
    const cache = new DecisionCache(
      () => 60_000,
      100,
      () => 0
    );
    await cache.get('t', async () => allow);
    let finish!: (d: Decision) => void;
    const slow = cache.get('u', () => new Promise<Decision>((resolve) => (finish = resolve)));

    cache.clear();
    finish(allow);
    await slow;

    expect(cache.peek('t')).toBeUndefined();
    expect(cache.peek('u')).toBeUndefined();
  });
});
