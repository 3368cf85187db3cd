import { z } from '@strapi/utils';
import { FEEDBACK_SOURCES } from '../constants';
import { envelope, pagination } from './envelope';
import { personalState } from './personal';

/** Body of `POST /models/:slug/feedback`: a label for a text or for an article (by documentId). */
export const createFeedbackBody = z
  .object({
    data: z
      .object({
        text: z.string().trim().min(1).max(20_000).optional(),
        article: z.string().min(1).max(64).optional(),
        label: z.string().trim().min(1).max(64),
        predictedLabel: z.string().trim().min(1).max(64).optional(),
        version: z.number().int().positive().optional(),
      })
      .strict()
      .superRefine((d, ctx) => {
        if ((d.text === undefined) === (d.article === undefined)) {
          ctx.addIssue({ code: 'custom', path: ['text'], message: 'send either "text" or "article"' });
        }
      }),
  })
  .strict();
export type CreateFeedbackInput = z.infer<typeof createFeedbackBody>['data'];

/** Query of `GET /models/:slug/feedback` (admin): filters and pagination. */
export const listFeedbackQuery = z
  .object({
    source: z.enum(FEEDBACK_SOURCES).optional(),
    label: z.string().max(64).optional(),
    dataset: z.string().max(120).optional(),
    giver: z.string().max(120).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();

export const feedbackEntry = z.object({
  documentId: z.string(),
  text: z.string().nullable(),
  article: z.object({ documentId: z.string(), title: z.string() }).nullable(),
  label: z.string(),
  predictedLabel: z.string().nullable(),
  predictedVersion: z.number().int().nullable(),
  giverKey: z.string(),
  source: z.enum(FEEDBACK_SOURCES),
  dataset: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FeedbackEntry = z.infer<typeof feedbackEntry>;

const counts = z.record(z.string(), z.number().int());
export const feedbackStats = z.object({ total: z.number().int(), byLabel: counts, byDataset: counts, bySource: counts });
export type FeedbackStats = z.infer<typeof feedbackStats>;

/**
 * `meta.updated`: the same person relabelled the same subject, so their entry was updated.
 * `meta.personal`: a reader's label (their JWT) was learnt by their personal model, now in this state.
 */
export const feedbackResponse = envelope(feedbackEntry, z.object({ updated: z.boolean(), personal: personalState.optional() }));
export const feedbackListResponse = envelope(z.array(feedbackEntry), z.object({ pagination, stats: feedbackStats }));
