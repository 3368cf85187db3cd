/**
 * Deterministic k-fold assignment for cross-fitting and cross-validation: whole groups per fold
 * when rows carry a group (largest group first onto the lightest fold, as GroupKFold), else
 * stratified by label (each label's rows dealt round-robin after a seeded shuffle).
 */
import { seededRandom, shuffleInPlace } from './random';

export interface FoldRow {
  label: string;
  group?: string | null;
}

/** True when every row names a group and there are at least `k` groups. */
export function canGroup(rows: readonly FoldRow[], k: number): boolean {
  if (!rows.every((r) => typeof r.group === 'string' && r.group !== '')) return false;
  return new Set(rows.map((r) => r.group)).size >= k;
}

export function groupedFolds(rows: readonly FoldRow[], k: number): number[] {
  const sizes = new Map<string, number>();
  for (const r of rows) sizes.set(r.group as string, (sizes.get(r.group as string) ?? 0) + 1);
  const load = new Array<number>(k).fill(0);
  const foldOf = new Map<string, number>();
  [...sizes]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .forEach(([group, n]) => {
      const f = load.indexOf(Math.min(...load));
      foldOf.set(group, f);
      load[f] += n;
    });
  return rows.map((r) => foldOf.get(r.group as string) as number);
}

export function stratifiedFolds(rows: readonly FoldRow[], k: number, seed = 1): number[] {
  const random = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  rows.forEach((r, i) => byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), i]));
  const fold = new Array<number>(rows.length).fill(0);
  let next = 0;
  for (const label of [...byLabel.keys()].sort()) {
    for (const i of shuffleInPlace(byLabel.get(label) as number[], random)) fold[i] = next++ % k;
  }
  return fold;
}

/** Grouped folds when the rows allow it, stratified otherwise; says which. */
export function assignFolds(
  rows: readonly FoldRow[],
  k: number,
  seed = 1
): { folds: number[]; grouped: boolean } {
  if (k < 2) throw new RangeError(`need at least 2 folds, got ${k}`);
  const grouped = canGroup(rows, k);
  return { folds: grouped ? groupedFolds(rows, k) : stratifiedFolds(rows, k, seed), grouped };
}

/**
 * A held-out split for a model without an evaluation set: whole groups held out, about
 * `fraction` of each label's rows (groups counted under their majority label), chosen by a
 * seeded shuffle. Null when it cannot leave every label on both sides.
 */
export function heldOutSplit(rows: readonly FoldRow[], fraction = 0.2, seed = 1): boolean[] | null {
  const members = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const key = r.group ? `g:${r.group}` : `r:${i}`;
    members.set(key, [...(members.get(key) ?? []), i]);
  });
  const byMajority = new Map<string, string[]>();
  for (const [key, idx] of [...members].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const counts = new Map<string, number>();
    for (const i of idx) counts.set(rows[i].label, (counts.get(rows[i].label) ?? 0) + 1);
    const majority = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
    byMajority.set(majority, [...(byMajority.get(majority) ?? []), key]);
  }
  const random = seededRandom(seed);
  const held = new Array<boolean>(rows.length).fill(false);
  for (const label of [...byMajority.keys()].sort()) {
    const keys = shuffleInPlace(byMajority.get(label) as string[], random);
    const total = keys.reduce((n, k) => n + (members.get(k) as number[]).length, 0);
    let taken = 0;
    for (const key of keys.slice(0, -1)) {
      if (taken >= fraction * total) break;
      for (const i of members.get(key) as number[]) held[i] = true;
      taken += (members.get(key) as number[]).length;
    }
  }
  const labels = new Set(rows.map((r) => r.label));
  const heldLabels = new Set(rows.filter((_, i) => held[i]).map((r) => r.label));
  const trainLabels = new Set(rows.filter((_, i) => !held[i]).map((r) => r.label));
  return heldLabels.size === labels.size && trainLabels.size === labels.size ? held : null;
}
