import { z } from '@strapi/utils';
import { GATE_METRICS } from '../promotion-policy';
import { emptyMeta, envelope } from './envelope';

const figure = z.object({
  candidate: z.number().nullable(),
  champion: z.number().nullable(),
  difference: z.number().nullable(),
});

/** A model's promotion policy as served (shared/promotion-policy.ts `PromotionPolicy`). */
export const promotionPolicy = z.object({
  /** largest allowed drop of each metric against the champion, in metric units (0.002 = 0.2 pt) */
  maxMetricDrop: z.record(z.string(), z.number()),
  minEvaluationSize: z.number().int(),
});

/**
 * What the reviewer saw when approving: the promotion gate at that moment (which champion, which set,
 * which rules it broke). A later override at promote is audited against it.
 */
export const reviewedGate = z.object({
  champion: z.number().int().nullable(),
  dataset: z.string().nullable(),
  size: z.number().int(),
  violations: z.array(
    z.object({
      rule: z.enum(['max-metric-drop', 'min-evaluation-size']),
      metric: z.enum(GATE_METRICS).optional(),
    })
  ),
});
export type ReviewedGate = z.infer<typeof reviewedGate>;

/** `GET /model-manager/models/:slug/versions/:number/promotion-check`: what promoting this version would change. */
export const promotionCheck = z.object({
  candidate: z.number().int(),
  /** the production version it would replace, null for a first promotion */
  champion: z.number().int().nullable(),
  /** the evaluation set both were scored on, afresh (null when the model has none) */
  dataset: z.string().nullable(),
  size: z.number().int(),
  metrics: z.object(
    Object.fromEntries(GATE_METRICS.map((m) => [m, figure])) as Record<
      (typeof GATE_METRICS)[number],
      typeof figure
    >
  ),
  /** evaluation rows the two answer differently: which one is right there */
  flips: z.object({
    candidateRight: z.number().int(),
    championRight: z.number().int(),
    bothWrong: z.number().int(),
  }),
  policy: promotionPolicy,
  violations: z.array(
    z.object({
      rule: z.enum(['max-metric-drop', 'min-evaluation-size']),
      metric: z.enum(GATE_METRICS).optional(),
      candidate: z.number().optional(),
      champion: z.number().optional(),
      limit: z.number(),
      message: z.string(),
    })
  ),
  /** true when the policy holds; otherwise promoting needs a `reason` */
  passes: z.boolean(),
});
export type PromotionCheck = z.infer<typeof promotionCheck>;

export const promotionCheckResponse = envelope(promotionCheck, emptyMeta);

/** `GET /model-manager/models/:slug/rollback`: what a rollback would do now (target null: nothing to roll back to). */
export const rollbackTarget = z.object({
  current: z.number().int().nullable(),
  target: z.number().int().nullable(),
});
export type RollbackTarget = z.infer<typeof rollbackTarget>;
export const rollbackTargetResponse = envelope(rollbackTarget, emptyMeta);

/** Body of promote: a comment, and a reason that overrides a failed promotion policy (audited). */
export const promoteBody = z
  .object({
    data: z
      .object({
        comment: z.string().max(2000).optional(),
        reason: z.string().trim().min(1).max(2000).optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({ data: {} });
