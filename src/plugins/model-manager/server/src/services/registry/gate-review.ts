import type { Actor } from '../../../../shared/contracts/models';
import type { PromotionCheck, ReviewedGate } from '../../../../shared/contracts/promotion';
import { actorKey } from '../../principals';

/**
 * Four eyes on the promotion gate. The approval records the gate as the reviewer saw it, so an
 * override at promote can say whether a second person saw (and approved) the very rules it breaks,
 * instead of one promoter typing a reason alone. Pure: lifecycle.ts stores and audits what it returns.
 */

const ruleKey = (v: { rule: string; metric?: string }) =>
  v.metric ? `${v.rule}:${v.metric}` : v.rule;
const ruleName = (v: { rule: string; metric?: string }) =>
  v.metric ? `${v.metric} (${v.rule})` : v.rule;

/** What the reviewer saw: the gate's verdict when they approved. */
export const seenGate = (check: PromotionCheck): ReviewedGate => ({
  champion: check.champion,
  dataset: check.dataset,
  size: check.size,
  violations: check.violations.map(({ rule, metric }) => (metric ? { rule, metric } : { rule })),
});

/** The approval's audit note when the reviewer approved a version the gate refuses (null when it passes). */
export const approvalNote = (seen: ReviewedGate): string | null =>
  seen.violations.length === 0
    ? null
    : `Approved seeing the promotion policy not met against version ${seen.champion ?? 'none'}: ${seen.violations.map(ruleName).join(', ')}`;

/**
 * Who stands behind an override: whether the approving reviewer, a person other than the promoter,
 * saw every rule the promotion breaks now. Written into the promote's audit comment.
 */
export function overrideWitness(
  check: PromotionCheck,
  seen: ReviewedGate | null,
  reviewer: Actor | null,
  promoter: Actor
): string {
  if (!seen || !reviewer) return 'the approval recorded no promotion check';
  const saw = new Set(seen.violations.map(ruleKey));
  const unseen = check.violations.filter((v) => !saw.has(ruleKey(v)));
  const same = actorKey(reviewer) === actorKey(promoter);
  const who = same ? 'the promoter, who also approved,' : `the reviewer ${reviewer.name}`;
  if (unseen.length === 0) return `${who} saw these at approval`;
  return `${who} did not see ${unseen.map(ruleName).join(', ')} at approval`;
}
