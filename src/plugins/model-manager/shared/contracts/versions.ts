import { z } from '@strapi/utils';
import { emptyMeta, envelope } from './envelope';
import { SLUG_PATTERN, versionSummary } from './models';

export const versionParams = z.object({
  slug: z.string().regex(SLUG_PATTERN, 'not a model slug'),
  number: z.coerce.number().int().positive(),
});

/** Multipart fields of `POST /models/:slug/versions` besides the `file`. */
export const uploadFields = z.object({ notes: z.string().max(5000).optional() }).strict();

/** The whole multipart body of an upload (`file`: the .onnx bytes), as the OpenAPI document shows it. */
export const uploadBody = uploadFields.extend({ file: z.file() });

/** Body of every lifecycle action: an optional comment for the audit trail. */
export const transitionBody = z
  .object({
    data: z
      .object({ comment: z.string().max(2000).optional() })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({ data: {} });

export const challengeBody = z
  .object({
    data: z
      .object({ comment: z.string().max(2000).optional(), trafficShare: z.number().gt(0).max(0.5) })
      .strict(),
  })
  .strict();

export const auditEvent = z.object({
  versionNumber: z.number().int().nullable(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  actor: z
    .object({ kind: z.string(), id: z.union([z.string(), z.number(), z.null()]), name: z.string() })
    .nullable(),
  comment: z.string().nullable(),
  at: z.string(),
});
export type AuditEvent = z.infer<typeof auditEvent>;

export const versionListResponse = envelope(z.array(versionSummary), emptyMeta);
export const versionResponse = envelope(versionSummary, emptyMeta);
export const auditResponse = envelope(z.array(auditEvent), emptyMeta);

export namespace Versions {
  export type ListResponse = z.infer<typeof versionListResponse>;
  export type OneResponse = z.infer<typeof versionResponse>;
}
