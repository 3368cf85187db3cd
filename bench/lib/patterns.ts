/** Access patterns over K keys, and an LRU simulator to estimate what a session cache hits. */
import { rng } from './stats';

export function roundRobin(keys: number, n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i % keys);
}

/**
 * Zipf(s) over ranks 1..keys, ranks mapped to keys through a seeded permutation (so the popular
 * keys are not simply the first ones created).
 */
export function zipf(keys: number, n: number, s: number, seed: number): Int32Array {
  const random = rng(seed);
  const cdf = new Float64Array(keys);
  let acc = 0;
  for (let k = 0; k < keys; k += 1) {
    acc += 1 / Math.pow(k + 1, s);
    cdf[k] = acc;
  }
  const perm = shuffled(keys, random);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i += 1) {
    const u = random() * acc;
    let lo = 0;
    let hi = keys - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    out[i] = perm[lo];
  }
  return out;
}

/** `hotShare` of the requests go uniformly to `hotFraction` of the keys, the rest uniformly to the others. */
export function hotCold(
  keys: number,
  n: number,
  hotFraction: number,
  hotShare: number,
  seed: number
): Int32Array {
  const random = rng(seed);
  const perm = shuffled(keys, random);
  const hot = Math.max(1, Math.round(keys * hotFraction));
  const out = new Int32Array(n);
  for (let i = 0; i < n; i += 1) {
    out[i] =
      random() < hotShare
        ? perm[Math.floor(random() * hot)]
        : perm[hot + Math.floor(random() * (keys - hot))];
  }
  return out;
}

function shuffled(n: number, random: () => number): Int32Array {
  const a = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** The same policy as the plugin's SessionCache when only the count bound binds: LRU, evict on insert. */
export class LruSimulator {
  private readonly order = new Map<number, true>();

  constructor(private readonly capacity: number) {}

  /** True on a hit. */
  touch(key: number): boolean {
    if (this.order.has(key)) {
      this.order.delete(key);
      this.order.set(key, true);
      return true;
    }
    this.order.set(key, true);
    if (this.order.size > this.capacity)
      this.order.delete(this.order.keys().next().value as number);
    return false;
  }

  size(): number {
    return this.order.size;
  }
}
