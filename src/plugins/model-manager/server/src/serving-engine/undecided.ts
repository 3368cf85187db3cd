import type { UndecidedReason } from '../../../shared/contracts/predict';

/**
 * The predicted class of one row, and whether the model actually decided: a text with no known
 * n-gram (our own exports count them) carries no evidence, and top two probabilities closer than
 * `margin` are a tie that floating-point noise would settle.
 */
export function decide(
  row: { probabilities: number[]; evidence: number | null },
  margin: number
): { index: number; undecided: UndecidedReason | null } {
  const p = row.probabilities;
  let best = 0;
  for (let i = 1; i < p.length; i += 1) if (p[i] > p[best]) best = i;
  if (row.evidence === 0) return { index: best, undecided: 'no_evidence' };
  let second = -Infinity;
  for (let i = 0; i < p.length; i += 1) if (i !== best && p[i] > second) second = p[i];
  return { index: best, undecided: p.length > 1 && p[best] - second < margin ? 'tie' : null };
}
