import { z } from 'zod';
import { FEEDBACK_SOURCES, type FeedbackSource } from '../constants';

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

export interface FeedbackEntry {
  documentId: string;
  text: string | null;
  article: { documentId: string; title: string } | null;
  label: string;
  predictedLabel: string | null;
  predictedVersion: number | null;
  giverKey: string;
  source: FeedbackSource;
  dataset: string;
  createdAt: string;
  updatedAt: string;
}

export interface FeedbackStats {
  total: number;
  byLabel: Record<string, number>;
  byDataset: Record<string, number>;
  bySource: Record<string, number>;
}
