import type { Core } from '@strapi/strapi';
import { UIDS } from '../../../../shared/constants';
import type { PromotionCheck } from '../../../../shared/contracts/promotion';
import {
  checkPromotion,
  describeViolations,
  GATE_METRICS,
  type GateFigures,
} from '../../../../shared/promotion-policy';
import { conflict } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import { promotionPolicyOf } from '../../utils/plugin-config';

const figuresOf = (metrics: Record<string, unknown> | null): GateFigures | null =>
  metrics
    ? (Object.fromEntries(
        GATE_METRICS.map((m) => [m, typeof metrics[m] === 'number' ? metrics[m] : null])
      ) as GateFigures)
    : null;

/**
 * The promotion gate: the candidate against the champion on the same evaluation set, judged by
 * the model's promotion policy (plugin config `promotionPolicy`, overridden per slug in
 * `promotionPolicies`). Promote calls `enforce`; the admin dialog shows `check` beforehand.
 */
const createPromotionGateService = ({ strapi }: { strapi: Core.Strapi }) => ({
  policyOf(slug: string) {
    return promotionPolicyOf(strapi, slug);
  },

  async check(slug: string, number: number): Promise<PromotionCheck> {
    const { model, version } = await getService(strapi, 'registry').requireVersion(slug, number);
    const serving = await strapi
      .documents(UIDS.version)
      .findFirst({ filters: { model: { documentId: model.documentId }, stage: 'production' } });
    const champion = serving && serving.number !== number ? serving : null;
    const evidence = await getService(strapi, 'evaluation').gateEvidence(model, version, champion);
    const candidate = figuresOf(evidence?.candidate ?? null);
    const theirs = figuresOf(evidence?.champion ?? null);
    const policy = this.policyOf(slug);
    const violations = checkPromotion(policy, {
      size: evidence?.size ?? 0,
      candidate,
      champion: theirs,
    });
    const metrics = Object.fromEntries(
      GATE_METRICS.map((m) => {
        const [a, b] = [candidate?.[m] ?? null, theirs?.[m] ?? null];
        return [
          m,
          { candidate: a, champion: b, difference: a !== null && b !== null ? a - b : null },
        ];
      })
    ) as PromotionCheck['metrics'];
    return {
      candidate: number,
      champion: champion ? (champion.number as number) : null,
      dataset: evidence?.dataset ?? null,
      size: evidence?.size ?? 0,
      metrics,
      flips: evidence?.flips ?? { candidateRight: 0, championRight: 0, bothWrong: 0 },
      policy: {
        maxMetricDrop: policy.maxMetricDrop as Record<string, number>,
        minEvaluationSize: policy.minEvaluationSize,
      },
      violations,
      passes: violations.length === 0,
    };
  },

  /** The check, refusing with a 409 naming the rules unless a reason overrides them. */
  async enforce(slug: string, number: number, reason: string | undefined): Promise<PromotionCheck> {
    const result = await this.check(slug, number);
    if (!result.passes && !reason) {
      throw conflict(describeViolations(result.violations), {
        rule: result.violations[0].rule,
        rules: result.violations.map((v) => v.rule),
        violations: result.violations,
      });
    }
    return result;
  },
});

export type PromotionGateService = ReturnType<typeof createPromotionGateService>;
export default createPromotionGateService;
