import type { VersionStatus } from '../../../shared/constants';
import type { VersionSummary } from '../../../shared/contracts/models';
import {
  checkPromotion,
  GATE_METRICS,
  type GateFigures,
  type PolicyViolation,
  type PromotionPolicy,
} from '../../../shared/promotion-policy';

/** Statuses on the way to production: the ones a reviewer or promoter still has to judge. */
const ON_THE_WAY: VersionStatus[] = ['candidate', 'in_review', 'approved', 'challenger'];

type Recorded = Pick<VersionSummary, 'metrics'>;

/** The gate's figures from a version's recorded metrics (null where a metric is missing). */
export const figuresOf = (metrics: Record<string, unknown>): GateFigures =>
  Object.fromEntries(
    GATE_METRICS.map((m) => [m, typeof metrics[m] === 'number' ? metrics[m] : null])
  ) as GateFigures;

/**
 * The gate's verdict on the figures recorded when each version was evaluated, so the Versions list
 * judges every row without scoring anything. Null when there is nothing to judge, or when the two
 * were evaluated on different sets (then only the dialog's fresh scoring can tell).
 */
export function recordedGate(
  version: Pick<VersionSummary, 'status' | 'metrics'>,
  production: Recorded | null,
  policy: PromotionPolicy
): PolicyViolation[] | null {
  if (!ON_THE_WAY.includes(version.status) || !version.metrics) return null;
  const mine = version.metrics;
  const theirs = production?.metrics ?? null;
  if (production && !theirs) return null;
  if (theirs && (mine.dataset !== theirs.dataset || mine.size !== theirs.size)) return null;
  return checkPromotion(policy, {
    size: typeof mine.size === 'number' ? mine.size : 0,
    candidate: figuresOf(mine),
    champion: theirs ? figuresOf(theirs) : null,
  });
}
