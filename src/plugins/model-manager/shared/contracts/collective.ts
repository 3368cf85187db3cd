import { z } from '@strapi/utils';
import { modelName, modelSlug, SLUG_PATTERN } from './models';
import { emptyMeta, envelope } from './envelope';

/** Admin `POST /collective-models`: a collective model over `baseModel`, trained on its members' labels. */
export const createCollectiveBody = z
  .object({
    data: z
      .object({
        name: modelName,
        slug: modelSlug.optional(),
        baseModel: z.string().regex(SLUG_PATTERN, 'not a model slug'),
        /** users-permissions user ids of the experts */
        members: z
          .array(z.number().int().positive())
          .min(2)
          .max(500)
          .refine((m) => new Set(m).size === m.length, 'members must be distinct'),
      })
      .strict(),
  })
  .strict();
export type CreateCollectiveInput = z.infer<typeof createCollectiveBody>['data'];

export const memberAgreement = z.object({
  member: z.string(),
  labels: z.number().int(),
  /** Cohen's kappa vs the others' majority (a description; the labels come from the estimate below) */
  kappa: z.number().nullable(),
  /** (K·reliability − 1)/(K − 1): 1 always right, 0 chance, below 0 their labels are read inverted */
  weight: z.number(),
  /** Dawid–Skene: the share of their labels estimated right, Σ_k P(k)·P(says k | k) */
  reliability: z.number(),
  /** subjects whose label would change (or tie) without this member's label */
  decided: z.number().int(),
});
export type MemberAgreement = z.infer<typeof memberAgreement>;

/** How the members agreed on the labels a training run used. */
export const agreementSummary = z.object({
  /** how the labels were aggregated: per subject, a posterior from the members' estimated reliability */
  method: z.literal('dawid-skene'),
  subjects: z.number().int(),
  /** subjects left with no most probable label (no anchor, evidence exactly balanced): not trained on */
  ties: z.number().int(),
  kept: z.number().int(),
  fleissKappa: z.number().nullable(),
  /** the base model's champion, whose probabilities anchor the estimate; null without one */
  anchor: z.object({
    version: z.number().int().nullable(),
    subjects: z.number().int(),
    decided: z.number().int(),
  }),
  /** subjects whose label is known (the base's evaluation set, editors' labels) and clamped */
  gold: z.number().int(),
  /** Σ of the kept rows' training weights (a row's weight: the posterior's confidence in its label) */
  weightSum: z.number(),
  members: z.array(memberAgreement),
});
export type AgreementSummary = z.infer<typeof agreementSummary>;

export const collectiveSummary = z.object({
  slug: z.string(),
  baseModel: z.string(),
  members: z.number().int(),
  agreement: agreementSummary,
});
export type CollectiveSummary = z.infer<typeof collectiveSummary>;
export const collectiveResponse = envelope(collectiveSummary, emptyMeta);

/** Reader `PUT /models/:slug/following`: follow a collective model of this base model, or none (null). */
export const followBody = z
  .object({
    data: z
      .object({ collective: z.string().regex(SLUG_PATTERN, 'not a model slug').nullable() })
      .strict(),
  })
  .strict();
export const followResponse = envelope(
  z.object({ model: z.string(), collective: z.string().nullable() }),
  emptyMeta
);

/**
 * Admin `PUT /models/:slug/role-defaults`: the collective model a users-permissions role's readers
 * follow for this base model unless they chose one themselves; null clears it.
 */
export const roleDefaultBody = z
  .object({
    data: z
      .object({
        role: z.number().int().positive(),
        collective: z.string().regex(SLUG_PATTERN, 'not a model slug').nullable(),
      })
      .strict(),
  })
  .strict();

export const roleDefault = z.object({
  role: z.number().int(),
  name: z.string(),
  collective: z.string().nullable(),
});
export type RoleDefault = z.infer<typeof roleDefault>;
/** `GET /models/:slug/role-defaults`: every users-permissions role, with its default or null. */
export const roleDefaultsResponse = envelope(z.array(roleDefault), emptyMeta);
export const roleDefaultResponse = envelope(roleDefault, emptyMeta);
