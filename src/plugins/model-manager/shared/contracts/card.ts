import { z } from '@strapi/utils';
import { PEOPLE_FIELDS, type PeopleField } from '../card-fields';
import { comparisonIntervals, evaluationMetrics } from './compare';
import { deployment } from './deployments';
import { emptyMeta, envelope } from './envelope';
import { actor } from './models';
import { auditEvent } from './versions';

/**
 * A version's model card. `evidence` is built by the system from what it recorded (never typed
 * by hand); `people` holds the parts only people know, edited through `PUT .../card` and audited.
 */

const text = z.string().trim().max(5000);

// The parts of a card people write (each optional; an empty string clears it).
export { PEOPLE_FIELDS, type PeopleField };

export const cardPeopleBody = z
  .object({
    data: z
      .object(
        Object.fromEntries(PEOPLE_FIELDS.map((f) => [f, text.optional()])) as Record<
          PeopleField,
          z.ZodOptional<typeof text>
        >
      )
      .strict(),
  })
  .strict();

export const cardPeople = z.object({
  ...(Object.fromEntries(PEOPLE_FIELDS.map((f) => [f, z.string().nullable()])) as Record<
    PeopleField,
    z.ZodNullable<z.ZodString>
  >),
  updatedBy: actor.nullable(),
  updatedAt: z.string().nullable(),
});
export type CardPeople = z.infer<typeof cardPeople>;

/** One mistake the version is most sure of, on its evaluation set. */
const confidentMistake = z.object({
  text: z.string(),
  truth: z.string(),
  predicted: z.string(),
  confidence: z.number(),
});

export const modelCard = z.object({
  model: z.object({
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    labels: z.array(z.string()),
    scope: z.string(),
  }),
  version: z.object({
    number: z.number().int(),
    status: z.string(),
    source: z.string(),
    artifactHash: z.string(),
    artifactSize: z.number().int(),
    createdAt: z.string(),
    createdBy: actor.nullable(),
    /** the artifact's inputs, outputs and class labels as read from the ONNX file */
    signature: z.record(z.string(), z.unknown()).nullable(),
  }),
  evidence: z.object({
    training: z.object({
      /** trained here, or uploaded (then only what can be measured is known) */
      kind: z.enum(['trained', 'uploaded']),
      run: z.string().nullable(),
      rows: z.number().int().nullable(),
      datasetHash: z.string().nullable(),
      datasets: z.array(z.string()).nullable(),
      /** rows and subjects per source (editors, authors, imports, readers...) as the run recorded */
      sources: z.record(z.string(), z.unknown()).nullable(),
      /** when the first and last training rows were given */
      rowDates: z.object({ first: z.string(), last: z.string() }).nullable(),
      parameters: z.record(z.string(), z.unknown()).nullable(),
      trainer: z.string().nullable(),
      /** annotator agreement of a collective model's members, as the run measured it */
      agreement: z.unknown().nullable(),
      fileName: z.string().nullable(),
    }),
    /** the figures recorded when the version was made (exactly the stored metrics) */
    metrics: evaluationMetrics.nullable(),
    /** scored afresh on today's evaluation set: intervals, groups, confident mistakes, undecided */
    today: z
      .object({
        dataset: z.string(),
        size: z.number().int(),
        intervals: comparisonIntervals.shape.candidate,
        method: z.string(),
        /** accuracy per group when the rows carry one (e.g. per debate) */
        perGroup: z
          .array(z.object({ group: z.string(), size: z.number().int(), accuracy: z.number() }))
          .nullable(),
        confidentMistakes: z.array(confidentMistake),
        /** share of rows whose top two probabilities are within the serving margin */
        undecidedRate: z.number(),
      })
      .nullable(),
    review: z.object({
      reviewedBy: actor.nullable(),
      reviewedAt: z.string().nullable(),
      reviewComment: z.string().nullable(),
      /** the promotion gate's verdict against today's champion, null when the model has no evaluation set */
      gate: z
        .object({
          passes: z.boolean(),
          champion: z.number().int().nullable(),
          violations: z.array(z.string()),
        })
        .nullable(),
      /** promotions that went ahead against the policy, with their reasons */
      overrides: z.array(auditEvent),
      /** this version's whole audit trail, newest first */
      audit: z.array(auditEvent),
    }),
    deployments: z.array(deployment),
  }),
  people: cardPeople,
});
export type ModelCard = z.infer<typeof modelCard>;

export const cardQuery = z.object({ format: z.enum(['json', 'markdown']).optional() }).strict();
export const cardResponse = envelope(modelCard, emptyMeta);
