/** Access patterns over K keys, reproducible from a seed. */
import { seededRandom } from '../../src/plugins/model-manager/server/src/ml/random';

export const roundRobin = (keys: number, n: number) =>
  Int32Array.from({ length: n }, (_, i) => i % keys);

/** A seeded permutation of 0..n-1 (e.g. so the popular keys are not simply the first ones created). */
export function shuffled(n: number, random: () => number): Int32Array {
  const a = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Zipf(s) over ranks 1..keys, ranks mapped to keys through a seeded permutation. */
export function zipf(keys: number, n: number, s: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  const cdf = new Float64Array(keys);
  for (let k = 0, acc = 0; k < keys; k += 1) cdf[k] = acc += 1 / Math.pow(k + 1, s);
  const perm = shuffled(keys, random);
  return Int32Array.from({ length: n }, () => {
    const u = random() * cdf[keys - 1];
    let [lo, hi] = [0, keys - 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return perm[lo];
  });
}

/** `hotShare` of the requests go uniformly to `hotFraction` of the keys, the rest to the others. */
export function hotCold(
  keys: number,
  n: number,
  hotFraction: number,
  hotShare: number,
  seed: number
) {
  const random = seededRandom(seed);
  const perm = shuffled(keys, random);
  const hot = Math.max(1, Math.round(keys * hotFraction));
  return Int32Array.from({ length: n }, () =>
    random() < hotShare
      ? perm[Math.floor(random() * hot)]
      : perm[hot + Math.floor(random() * (keys - hot))]
  );
}
