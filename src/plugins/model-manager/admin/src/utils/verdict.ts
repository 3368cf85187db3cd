import type { VersionStatus } from '../../../shared/constants';
import type { Comparison } from '../../../shared/contracts/compare';
import {
  checkPromotion,
  type PolicyViolation,
  type PromotionPolicy,
} from '../../../shared/promotion-policy';
import { figuresOf } from './gate';

/** The metrics a verdict speaks of: the ones a reader weighs first. */
const VERDICT_METRICS = ['accuracy', 'macroF1'] as const;

export interface Verdict {
  /** better / worse: a significant difference one way (and none the other); tie: none significant */
  tone: 'first' | 'better' | 'worse' | 'mixed' | 'tie';
  /** the significant differences, in metric units, that make the verdict */
  reasons: Array<{ metric: (typeof VERDICT_METRICS)[number]; difference: number }>;
  violations: PolicyViolation[];
}

/**
 * Compare's one-line verdict: significant differences only (their paired 95 % interval excludes
 * zero), so noise is called a tie; plus the promotion policy's verdict on the same figures.
 */
export function compareVerdict(comparison: Comparison, policy: PromotionPolicy): Verdict {
  const { candidate, baseline, intervals } = comparison;
  const violations = checkPromotion(policy, {
    size: comparison.size,
    candidate: figuresOf(candidate.metrics),
    champion: baseline ? figuresOf(baseline.metrics) : null,
  });
  if (!baseline || !intervals.difference) return { tone: 'first', reasons: [], violations };
  const reasons = VERDICT_METRICS.flatMap((metric) => {
    const d = intervals.difference![metric];
    return d.significant && d.value !== null ? [{ metric, difference: d.value }] : [];
  });
  const up = reasons.some((r) => r.difference > 0);
  const down = reasons.some((r) => r.difference < 0);
  const tone = up && down ? 'mixed' : up ? 'better' : down ? 'worse' : 'tie';
  return { tone, reasons, violations };
}

/** The step that moves a version on toward production, by its status (null: none from here). */
export const NEXT_STEP: Partial<Record<VersionStatus, 'submit' | 'approve' | 'promote'>> = {
  candidate: 'submit',
  in_review: 'approve',
  approved: 'promote',
  challenger: 'promote',
};
