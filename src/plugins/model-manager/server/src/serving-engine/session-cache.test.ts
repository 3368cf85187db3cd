import { SessionCache } from './session-cache';

class FakeSession {
  disposed = false;
  constructor(readonly key: string) {}
  dispose() {
    this.disposed = true;
  }
}

function cacheWith(
  limits: { maxSessions: number; maxBytes: number },
  bytesOf: (key: string) => number = () => 1
) {
  const loads: string[] = [];
  const cache = new SessionCache<FakeSession>(limits, async (key) => {
    loads.push(key);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { value: new FakeSession(key), bytes: bytesOf(key) };
  });
  return { cache, loads };
}

describe('SessionCache', () => {
  it('loads a key once when many first requests arrive together', async () => {
    const { cache, loads } = cacheWith({ maxSessions: 5, maxBytes: 100 });

    const leases = await Promise.all([1, 2, 3, 4].map(() => cache.acquire('a')));

    expect(loads).toEqual(['a']);
    expect(new Set(leases.map((l) => l.value)).size).toBe(1);
    expect(cache.getStats()).toMatchObject({ loads: 1, misses: 4, hits: 0, size: 1 });
  });

  it('names the keys in use while a lease is held, and drops them when the last one is released', async () => {
    const { cache } = cacheWith({ maxSessions: 5, maxBytes: 100 });
    const [a1, a2] = [await cache.acquire('a'), await cache.acquire('a')];
    (await cache.acquire('b')).release();

    expect(cache.getStats().leased).toEqual(['a']);
    a1.release();
    expect(cache.getStats().leased).toEqual(['a']);
    a2.release();
    expect(cache.getStats().leased).toEqual([]);
  });

  it('has room for one more while a place is free and the bytes allow another as large as the largest held', async () => {
    const { cache } = cacheWith({ maxSessions: 10, maxBytes: 100 }, () => 40);
    expect(cache.hasRoom()).toBe(true);
    (await cache.acquire('a')).release();
    expect(cache.hasRoom()).toBe(true); // 40 + 40 <= 100
    (await cache.acquire('b')).release();
    expect(cache.hasRoom()).toBe(false); // 80 + 40 > 100
  });

  it('counts a load under way as a place taken', async () => {
    const { cache } = cacheWith({ maxSessions: 2, maxBytes: 1000 });
    (await cache.acquire('a')).release();
    const loading = cache.acquire('b');
    expect(cache.hasRoom()).toBe(false);
    (await loading).release();
    expect(cache.hasRoom()).toBe(false);
  });

  it('evicts the least recently used entry past the count limit', async () => {
    const { cache } = cacheWith({ maxSessions: 2, maxBytes: 100 });
    (await cache.acquire('a')).release();
    (await cache.acquire('b')).release();
    (await cache.acquire('a')).release(); // a is now more recent than b

    const c = await cache.acquire('c');

    expect(cache.has('a')).toBe(true);
    expect(cache.has('b')).toBe(false);
    expect(cache.has('c')).toBe(true);
    c.release();
  });

  it('evicts past the byte limit, but never the entry just loaded', async () => {
    const { cache } = cacheWith({ maxSessions: 10, maxBytes: 10 }, (key) =>
      key === 'big' ? 50 : 4
    );
    (await cache.acquire('a')).release();
    (await cache.acquire('b')).release();

    const big = await cache.acquire('big');

    expect(cache.has('big')).toBe(true);
    expect(cache.has('a')).toBe(false);
    expect(cache.has('b')).toBe(false);
    expect(cache.getStats().bytes).toBe(50);
    big.release();
  });

  it('disposes of an evicted session only after its in-flight lease is released', async () => {
    const { cache } = cacheWith({ maxSessions: 1, maxBytes: 100 });
    const inFlight = await cache.acquire('a');

    (await cache.acquire('b')).release();

    expect(cache.has('a')).toBe(false);
    expect(inFlight.value.disposed).toBe(false);
    inFlight.release();
    expect(inFlight.value.disposed).toBe(true);
  });

  it('releasing a lease twice does not dispose of a session still leased elsewhere', async () => {
    const { cache } = cacheWith({ maxSessions: 1, maxBytes: 100 });
    const first = await cache.acquire('a');
    const second = await cache.acquire('a');
    (await cache.acquire('b')).release();

    first.release();
    first.release();

    expect(second.value.disposed).toBe(false);
    second.release();
    expect(second.value.disposed).toBe(true);
  });

  it('a failed load is not cached and can be retried', async () => {
    let attempts = 0;
    const cache = new SessionCache<FakeSession>({ maxSessions: 2, maxBytes: 10 }, async (key) => {
      attempts += 1;
      if (attempts === 1) throw new Error('flaky');
      return { value: new FakeSession(key), bytes: 1 };
    });

    await expect(cache.acquire('a')).rejects.toThrow('flaky');
    const lease = await cache.acquire('a');

    expect(lease.value.key).toBe('a');
    expect(attempts).toBe(2);
  });
});
