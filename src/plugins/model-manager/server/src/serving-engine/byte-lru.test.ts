import { ByteLru } from './byte-lru';

describe('ByteLru', () => {
  it('evicts the least recently used entries once the bytes held pass the bound', () => {
    const lru = new ByteLru<string>(100);
    lru.set('a', 'A', 40);
    lru.set('b', 'B', 40);
    expect(lru.get('a')).toBe('A'); // a is now the most recent
    lru.set('c', 'C', 40);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe('A');
    expect(lru.get('c')).toBe('C');
    expect(lru.stats()).toEqual({ entries: 2, bytes: 80, maxBytes: 100 });
  });

  it('replaces an entry without counting it twice, and never holds one larger than the bound', () => {
    const lru = new ByteLru<number>(50);
    lru.set('x', 1, 30);
    lru.set('x', 2, 20);
    expect(lru.stats().bytes).toBe(20);
    lru.set('huge', 3, 51);
    expect(lru.get('huge')).toBeUndefined();
    expect(lru.get('x')).toBe(2);
    lru.delete('x');
    expect(lru.stats()).toEqual({ entries: 0, bytes: 0, maxBytes: 50 });
  });
});
