import { z } from 'zod';
import { SLUG_PATTERN, type VersionSummary } from './models';

export const versionParams = z.object({
  slug: z.string().regex(SLUG_PATTERN, 'not a model slug'),
  number: z.coerce.number().int().positive(),
});

/** Multipart fields of `POST /models/:slug/versions` besides the `file`. */
export const uploadFields = z.object({ notes: z.string().max(5000).optional() }).strict();

/** Body of every lifecycle action: an optional comment for the audit trail. */
export const transitionBody = z
  .object({ data: z.object({ comment: z.string().max(2000).optional() }).strict().default({}) })
  .strict()
  .default({ data: {} });

export const challengeBody = z
  .object({
    data: z
      .object({ comment: z.string().max(2000).optional(), trafficShare: z.number().gt(0).max(0.5) })
      .strict(),
  })
  .strict();

export interface AuditEvent {
  versionNumber: number | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  actor: { kind: string; id: string | number | null; name: string } | null;
  comment: string | null;
  at: string;
}

export namespace Versions {
  export interface ListResponse {
    data: VersionSummary[];
  }
  export interface OneResponse {
    data: VersionSummary;
  }
}
