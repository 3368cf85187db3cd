import { z } from '@strapi/utils';
import { SLUG_PATTERN } from './models';
import { emptyMeta, envelope } from './envelope';

/** Admin `POST /collective-models`: a collective model over `baseModel`, trained on its members' labels. */
export const createCollectiveBody = z
  .object({
    data: z
      .object({
        name: z.string().trim().min(1).max(120),
        slug: z
          .string()
          .min(1)
          .max(80)
          .regex(SLUG_PATTERN, 'lowercase letters, digits and single dashes')
          .optional(),
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
  kappa: z.number().nullable(),
  weight: z.number(),
});

/** How the members agreed on the labels a training run used. */
export const agreementSummary = z.object({
  subjects: z.number().int(),
  ties: z.number().int(),
  kept: z.number().int(),
  fleissKappa: z.number().nullable(),
  members: z.array(memberAgreement),
});
export type AgreementSummary = z.infer<typeof agreementSummary>;

export const collectiveSummary = z.object({
  slug: z.string(),
  baseModel: z.string(),
  members: z.number().int(),
  agreement: agreementSummary,
});
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
