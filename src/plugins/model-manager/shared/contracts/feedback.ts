import { z } from '@strapi/utils';
import { FEEDBACK_SOURCES } from '../constants';
import { IMPORT_CHUNK_ROWS, IMPORT_TEXT_MAX } from '../feedback-import';
import { emptyMeta, envelope, pagination } from './envelope';
import { personalState } from './personal';
import { subjectRef, subjectSummary } from './subjects';

/**
 * Body of `POST /models/:slug/feedback`: a label for a text, or for an entry of a registered content
 * type (`subject`). Any other key must be an alias the app registered for a type
 * (`{ <alias>: documentId }`): the schema lets such keys through as document ids and the subjects
 * service refuses those that are not aliases, as a strict schema would.
 */
export const createFeedbackBody = z
  .object({
    data: z
      .object({
        text: z.string().trim().min(1).max(20_000).optional(),
        subject: subjectRef.optional(),
        label: z.string().trim().min(1).max(64),
        predictedLabel: z.string().trim().min(1).max(64).optional(),
        version: z.number().int().positive().optional(),
      })
      .catchall(z.string().min(1).max(64))
      .superRefine((d, ctx) => {
        const named = Object.keys(d).filter(
          (k) => !['label', 'predictedLabel', 'version'].includes(k)
        );
        const both = d.text !== undefined && d.subject !== undefined;
        if (both || !named.length)
          ctx.addIssue({
            code: 'custom',
            path: ['text'],
            message: 'send one of "text" or "subject"',
          });
      }),
  })
  .strict();
export type CreateFeedbackInput = z.infer<typeof createFeedbackBody>['data'];

const filterFields = {
  source: z.enum(FEEDBACK_SOURCES).optional(),
  label: z.string().max(64).optional(),
  dataset: z.string().max(120).optional(),
  /** a giver key, as listed by `GET /models/:slug/feedback/givers` */
  giver: z.string().max(120).optional(),
  /** the labelled text contains it, case-insensitively */
  q: z.string().trim().max(200).optional(),
};
export type FeedbackFilterQuery = { [K in keyof typeof filterFields]?: string };
/** What a caller sends as the query of `GET /models/:slug/feedback` (the server fills defaults). */
export type ListFeedbackQuery = FeedbackFilterQuery & { page?: number; pageSize?: number };

/** Query of `GET /models/:slug/feedback` (admin): filters and pagination. */
export const listFeedbackQuery = z
  .object({
    ...filterFields,
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();

/** Query of `GET /models/:slug/feedback/export`: the same filters, every matching entry, as JSONL or CSV. */
export const exportFeedbackQuery = z
  .object({ ...filterFields, format: z.enum(['jsonl', 'csv']).default('jsonl') })
  .strict();

export const feedbackParams = z.object({
  slug: z.string().min(1).max(120),
  documentId: z.string().min(1).max(64),
});

/** Body of `PUT /models/:slug/feedback/:documentId`: a new label, and why (kept in the audit). */
export const relabelFeedbackBody = z
  .object({
    data: z
      .object({
        label: z.string().trim().min(1).max(64),
        comment: z.string().trim().max(2000).optional(),
      })
      .strict(),
  })
  .strict();

const deleteComment = z.string().trim().max(2000).optional();

/** Body of `DELETE /models/:slug/feedback/:documentId` (optional): why. Only read where the host app's body parser takes DELETE bodies (koa-body's default does not). */
export const deleteFeedbackBody = z
  .object({ data: z.object({ comment: deleteComment }).strict().optional() })
  .strict()
  .prefault({});

/** The reason as a query parameter: what works with Strapi's defaults and its admin fetch client (which sends no DELETE body). */
export const deleteFeedbackQuery = z.object({ comment: deleteComment }).strict();

/** Body of `POST /models/:slug/feedback/import`: one chunk of parsed rows, each with its line in the file. */
export const importFeedbackBody = z
  .object({
    data: z
      .object({
        dataset: z
          .string()
          .trim()
          .min(1)
          .max(120)
          .regex(/^[\w.-]+$/, 'letters, digits, ".", "_" and "-" only'),
        groupField: z.string().trim().min(1).max(64).regex(/^\w+$/).optional(),
        rows: z
          .array(
            z
              .object({
                line: z.number().int().min(1),
                text: z
                  .string()
                  .min(1)
                  .max(IMPORT_TEXT_MAX)
                  .refine((t) => t.trim() !== '', 'must not be blank'),
                label: z.string().trim().min(1).max(64),
                group: z.string().max(200).optional(),
              })
              .strict()
          )
          .min(1)
          .max(IMPORT_CHUNK_ROWS),
      })
      .strict(),
  })
  .strict();
export type ImportFeedbackInput = z.infer<typeof importFeedbackBody>['data'];

export const importResult = z.object({
  dataset: z.string(),
  read: z.number().int(),
  created: z.number().int(),
  alreadyThere: z.number().int(),
  /** rows given the champion's label at import; 0 when the model has no champion */
  scored: z.number().int(),
  scoredBy: z.number().int().nullable(),
});
export type ImportResult = z.infer<typeof importResult>;
export const importFeedbackResponse = envelope(importResult, emptyMeta);

export const feedbackGiver = z.object({
  key: z.string(),
  name: z.string(),
  count: z.number().int(),
});
export type FeedbackGiver = z.infer<typeof feedbackGiver>;
export const feedbackGiversResponse = envelope(z.array(feedbackGiver), emptyMeta);

export const feedbackEntry = z.object({
  documentId: z.string(),
  /** what was labelled, as it read then */
  text: z.string().nullable(),
  /** the entry it is about; null for a free text */
  subject: subjectSummary.nullable(),
  label: z.string(),
  predictedLabel: z.string().nullable(),
  predictedVersion: z.number().int().nullable(),
  giverKey: z.string(),
  /** the giver, readable: an admin's or user's name, a token's name, "import (dataset)" */
  giverName: z.string(),
  source: z.enum(FEEDBACK_SOURCES),
  dataset: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FeedbackEntry = z.infer<typeof feedbackEntry>;

const counts = z.record(z.string(), z.number().int());
export const feedbackStats = z.object({
  total: z.number().int(),
  byLabel: counts,
  byDataset: counts,
  bySource: counts,
});
export type FeedbackStats = z.infer<typeof feedbackStats>;

/**
 * `meta.updated`: the same person relabelled the same subject, so their entry was updated.
 * `meta.personal`: a reader's label (their JWT) was learnt by their personal model, now in this state.
 */
export const feedbackResponse = envelope(
  feedbackEntry,
  z.object({ updated: z.boolean(), personal: personalState.optional() })
);
export const feedbackEditedResponse = envelope(feedbackEntry, emptyMeta);
export const feedbackDeletedResponse = envelope(z.object({ documentId: z.string() }), emptyMeta);
export const feedbackListResponse = envelope(
  z.array(feedbackEntry),
  z.object({ pagination, stats: feedbackStats })
);
export namespace ListFeedback {
  export type Response = z.infer<typeof feedbackListResponse>;
}
