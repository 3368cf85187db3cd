import { z } from 'zod';
import { MODEL_SCOPES, type ModelScope, type VersionSource, type VersionStatus } from '../constants';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const label = z.string().trim().min(1).max(64);

/** Body of `POST /models`. */
export const createModelBody = z
  .object({
    data: z
      .object({
        name: z.string().trim().min(1).max(120),
        slug: z.string().min(1).max(80).regex(SLUG_PATTERN, 'lowercase letters, digits and single dashes').optional(),
        description: z.string().max(5000).optional(),
        labels: z
          .array(label)
          .min(2)
          .max(100)
          .refine((labels) => new Set(labels).size === labels.length, 'labels must be distinct'),
        scope: z.enum(MODEL_SCOPES).optional(),
        tags: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
        evaluationDataset: z.string().trim().min(1).max(120).optional(),
      })
      .strict(),
  })
  .strict();
export type CreateModelInput = z.infer<typeof createModelBody>['data'];

/** Query of `GET /models`: Strapi's pagination parameters. */
export const listModelsQuery = z
  .object({
    pagination: z
      .object({
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(100).default(25),
      })
      .strict()
      .default({}),
  })
  .passthrough();

export const slugParams = z.object({ slug: z.string().regex(SLUG_PATTERN, 'not a model slug') });

export interface Actor {
  kind: 'admin' | 'api-token' | 'user' | 'system';
  id: string | number | null;
  name: string;
  /** set when an admin acted through an admin token rather than a session */
  via?: 'admin-token';
}

export interface VersionSummary {
  documentId: string;
  number: number;
  status: VersionStatus;
  source: VersionSource;
  artifactHash: string;
  artifactSize: number;
  metrics: Record<string, unknown> | null;
  notes: string | null;
  createdByActor: Actor | null;
  reviewedByActor: Actor | null;
  reviewedAt: string | null;
  trafficShare: number | null;
  /** when it last became production; set means it served once and may be promoted again */
  promotedAt: string | null;
  createdAt: string;
}

export interface ModelSummary {
  documentId: string;
  name: string;
  slug: string;
  description: string | null;
  task: string;
  labels: string[];
  scope: ModelScope;
  tags: string[];
  evaluationDataset: string | null;
  production: VersionSummary | null;
  createdAt: string;
  updatedAt: string;
}

export interface ModelDetail extends ModelSummary {
  versions: VersionSummary[];
}

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

export namespace ListModels {
  export interface Response {
    data: ModelSummary[];
    meta: { pagination: Pagination };
  }
}
export namespace CreateModel {
  export interface Response {
    data: ModelDetail;
  }
}
export namespace GetModel {
  export interface Response {
    data: ModelDetail;
  }
}
