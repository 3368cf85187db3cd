import { z } from '@strapi/utils';
import { emptyMeta, envelope } from './envelope';

/**
 * A model's retraining policy (docs/monitoring.md): when one of its triggers fires, a training run
 * is queued for the whole cluster, never two at once; its candidate goes to review like any other.
 */
export const retrainingPolicy = z
  .object({
    enabled: z.boolean(),
    /** queue a run once this many new trusted labels arrived since the last run (null: never on labels) */
    newLabels: z.number().int().min(1).max(10_000_000).nullable(),
    /** queue a run when monitoring raises an alert (a threshold crossed) */
    onAlert: z.boolean(),
    /** queue a run when the last one is this many hours old (null: no schedule) */
    everyHours: z
      .number()
      .min(1)
      .max(24 * 366)
      .nullable(),
  })
  .strict();
export type RetrainingPolicy = z.infer<typeof retrainingPolicy>;

export const retrainingPolicyBody = z
  .object({ data: retrainingPolicy.partial().strict() })
  .strict();

export const RETRAINING_TRIGGERS = ['labels', 'alert', 'schedule'] as const;
export const RETRAINING_OUTCOMES = ['queued', 'skipped'] as const;

export const retrainingDecision = z.object({
  at: z.string(),
  trigger: z.enum(RETRAINING_TRIGGERS),
  outcome: z.enum(RETRAINING_OUTCOMES),
  /** what fired, or why nothing was queued, in words */
  detail: z.string(),
  /** the run queued (null when skipped) */
  run: z.string().nullable(),
});
export type RetrainingDecision = z.infer<typeof retrainingDecision>;

export const retrainingReport = z.object({
  model: z.string(),
  policy: retrainingPolicy,
  /** what the triggers measure now: new trusted labels and the time since the last run or the policy */
  since: z.string(),
  newLabels: z.number().int(),
  /** the latest decisions, newest first */
  decisions: z.array(retrainingDecision),
});
export type RetrainingReport = z.infer<typeof retrainingReport>;

export const retrainingResponse = envelope(retrainingReport, emptyMeta);
export const retrainingPolicyResponse = envelope(retrainingPolicy, emptyMeta);
export const retrainingCheckResponse = envelope(
  z.object({ decision: retrainingDecision.nullable() }),
  emptyMeta
);
