import { z } from '@strapi/utils';

/** An entry of a content type the app registered as a subject (config `subjects`), by its document id. */
export const subjectRef = z
  .object({ type: z.string().min(1).max(200), documentId: z.string().min(1).max(64) })
  .strict();
export type SubjectRefInput = z.infer<typeof subjectRef>;

/** How an entry is named in answers: the same pair, plus its title where one is at hand. */
export const subjectSummary = z.object({
  type: z.string(),
  documentId: z.string(),
  title: z.string().optional(),
});
export type SubjectSummary = z.infer<typeof subjectSummary>;
