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
  [...sizes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).forEach(([group, n]) => {
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
export function assignFolds(rows: readonly FoldRow[], k: number, seed = 1): { folds: number[]; grouped: boolean } {
  if (k < 2) throw new RangeError(`need at least 2 folds, got ${k}`);
  const grouped = canGroup(rows, k);
  return { folds: grouped ? groupedFolds(rows, k) : stratifiedFolds(rows, k, seed), grouped };
}
