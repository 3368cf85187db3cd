import { z } from '@strapi/utils';
import { MODEL_SCOPES, VERSION_SOURCES, VERSION_STATUSES } from '../constants';
import { emptyMeta, envelope, pagination } from './envelope';
import { promotionPolicy, reviewedGate } from './promotion';

export { type Pagination } from './envelope';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const label = z.string().trim().min(1).max(64);

/** A model's name and slug as a creator gives them (a model or a collective model). */
export const modelName = z.string().trim().min(1).max(120);
export const modelSlug = z
  .string()
  .min(1)
  .max(80)
  .regex(SLUG_PATTERN, 'lowercase letters, digits and single dashes');

/** Body of `POST /models`. */
export const createModelBody = z
  .object({
    data: z
      .object({
        name: modelName,
        slug: modelSlug.optional(),
        description: z.string().max(5000).optional(),
        labels: z
          .array(label)
          .min(2)
          .max(100)
          .refine((labels) => new Set(labels).size === labels.length, 'labels must be distinct'),
        scope: z.enum(MODEL_SCOPES).optional(),
        tags: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
        evaluationDataset: z.string().trim().min(1).max(120).optional(),
        /** a global model trains on readers' labels too (aggregated, capped per account); default false */
        trainOnReaders: z.boolean().optional(),
      })
      .strict(),
  })
  .strict();
export type CreateModelInput = z.infer<typeof createModelBody>['data'];

/** Body of `PUT /models/:slug`: the settings that may change after creation (slug, scope, labels and evaluation set may not). */
export const updateModelBody = z
  .object({
    data: z
      .object({
        name: z.string().trim().min(1).max(120).optional(),
        description: z.string().max(5000).optional(),
        tags: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
        trainOnReaders: z.boolean().optional(),
      })
      .strict(),
  })
  .strict();
export type UpdateModelInput = z.infer<typeof updateModelBody>['data'];

/** Strapi's pagination parameters, `pagination[page]` and `pagination[pageSize]`. */
export const paginationQuery = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();

/** Query of `GET /models`. */
export const listModelsQuery = z.looseObject({ pagination: paginationQuery.prefault({}) });

export const slugParams = z.object({ slug: z.string().regex(SLUG_PATTERN, 'not a model slug') });

export const actor = z.object({
  kind: z.enum(['admin', 'api-token', 'user', 'system']),
  id: z.union([z.string(), z.number(), z.null()]),
  name: z.string(),
  /** set when an admin acted through an admin token rather than a session */
  via: z.literal('admin-token').optional(),
});
export type Actor = z.infer<typeof actor>;

export const versionSummary = z.object({
  documentId: z.string(),
  number: z.number().int(),
  status: z.enum(VERSION_STATUSES),
  source: z.enum(VERSION_SOURCES),
  artifactHash: z.string(),
  artifactSize: z.number().int(),
  /** the evaluation on the model's evaluation set (see compare.ts `evaluationMetrics`) */
  metrics: z.record(z.string(), z.unknown()).nullable(),
  notes: z.string().nullable(),
  createdByActor: actor.nullable(),
  reviewedByActor: actor.nullable(),
  reviewedAt: z.string().nullable(),
  /** the promotion gate as the approving reviewer saw it (null: approved before it was recorded, or not yet) */
  reviewedGate: reviewedGate.nullable(),
  trafficShare: z.number().nullable(),
  /** when it last became production; set means it served once and may be promoted again */
  promotedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type VersionSummary = z.infer<typeof versionSummary>;

export const modelSummary = z.object({
  documentId: z.string(),
  name: z.string(),
  slug: z.string(),
  description: z.string().nullable(),
  task: z.string(),
  labels: z.array(z.string()),
  scope: z.enum(MODEL_SCOPES),
  tags: z.array(z.string()),
  evaluationDataset: z.string().nullable(),
  /** whether readers' labels (aggregated, capped per account) train it; trusted sources always do */
  trainOnReaders: z.boolean(),
  production: versionSummary.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ModelSummary = z.infer<typeof modelSummary>;

export const modelDetail = modelSummary.extend({
  versions: z.array(versionSummary),
  /** the policy the promotion gate applies to this model, so a list can judge recorded figures */
  promotionPolicy,
});
export type ModelDetail = z.infer<typeof modelDetail>;

export const listModelsResponse = envelope(z.array(modelSummary), z.object({ pagination }));
export const modelResponse = envelope(modelDetail, emptyMeta);

export namespace ListModels {
  export type Response = z.infer<typeof listModelsResponse>;
}
export namespace CreateModel {
  export type Response = z.infer<typeof modelResponse>;
}
export namespace GetModel {
  export type Response = z.infer<typeof modelResponse>;
}
