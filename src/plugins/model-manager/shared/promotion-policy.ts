/**
 * The promotion gate: does a candidate, scored on the same evaluation set as the champion, keep
 * to the model's promotion policy? Pure and zod-free, so the server judges with it and the admin
 * shows the same verdict before anyone types a reason.
 */
export const GATE_METRICS = ['accuracy', 'macroF1', 'auc'] as const;
export type GateMetric = (typeof GATE_METRICS)[number];

export interface PromotionPolicy {
  /** Largest allowed drop of each metric against the champion, in metric units (0.002 = 0.2 pt). */
  maxMetricDrop: Partial<Record<GateMetric, number>>;
  /** Fewest evaluation rows behind the figures; fewer (or no evaluation set) needs a reason. */
  minEvaluationSize: number;
}

export const DEFAULT_PROMOTION_POLICY: PromotionPolicy = {
  maxMetricDrop: { accuracy: 0.002, macroF1: 0.002, auc: 0.005 },
  minEvaluationSize: 0,
};

export type GateFigures = Record<GateMetric, number | null>;

/** Both versions scored afresh on today's evaluation set (size 0 when the model has none). */
export interface GateEvidence {
  size: number;
  candidate: GateFigures | null;
  champion: GateFigures | null;
}

export type PolicyRule = 'max-metric-drop' | 'min-evaluation-size';

export interface PolicyViolation {
  rule: PolicyRule;
  metric?: GateMetric;
  candidate?: number;
  champion?: number;
  limit: number;
  message: string;
}

// accuracy and F1 read as percentages (points); AUC as a plain 0..1 figure
const amount = (metric: GateMetric, value: number) =>
  metric === 'auc' ? value.toFixed(3) : `${(value * 100).toFixed(1)} pt`;

/** The policy's violations, empty when the promotion passes. A metric either side lacks is not judged. */
export function checkPromotion(policy: PromotionPolicy, evidence: GateEvidence): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  if (evidence.size < policy.minEvaluationSize) {
    violations.push({
      rule: 'min-evaluation-size',
      limit: policy.minEvaluationSize,
      message: `the evaluation set has ${evidence.size} rows; the policy wants at least ${policy.minEvaluationSize}`,
    });
  }
  const { candidate, champion } = evidence;
  if (!candidate || !champion) return violations;
  for (const metric of GATE_METRICS) {
    const limit = policy.maxMetricDrop[metric];
    const [mine, theirs] = [candidate[metric], champion[metric]];
    if (limit === undefined || mine === null || theirs === null) continue;
    // a hair of tolerance, so a drop of exactly the limit passes despite floating point
    if (theirs - mine > limit + 1e-9) {
      violations.push({
        rule: 'max-metric-drop',
        metric,
        candidate: mine,
        champion: theirs,
        limit,
        message: `${metric} drops ${amount(metric, theirs - mine)} against the champion (allowed ${amount(metric, limit)})`,
      });
    }
  }
  return violations;
}

/** One sentence naming every rule broken, for a 409 and for the dialog. */
export function describeViolations(violations: PolicyViolation[]): string {
  return `Promotion policy not met: ${violations.map((v) => `${v.message} (rule ${v.rule})`).join('; ')}. Give a reason to promote anyway; it goes into the audit.`;
}

/** The policy of one model: the plugin's default with the model's own overrides on top. */
export function policyFor(
  defaults: PromotionPolicy,
  override: Partial<PromotionPolicy> | undefined
): PromotionPolicy {
  if (!override) return defaults;
  return {
    maxMetricDrop: { ...defaults.maxMetricDrop, ...(override.maxMetricDrop ?? {}) },
    minEvaluationSize: override.minEvaluationSize ?? defaults.minEvaluationSize,
  };
}
