import { z } from '@strapi/utils';
import { prediction, predictionMeta } from './predict';

export const articleParams = z.object({ documentId: z.string().min(1).max(64) });

/**
 * `GET /model-manager/articles/:documentId/prediction` (admin): the saved article scored now by the
 * partisan model, with its explanation, beside the author's tag and what was stored at its last save.
 */
export const articlePrediction = z.object({
  documentId: z.string(),
  /** what was scored: title, a blank line, body (as the article's save hook scores it) */
  text: z.string(),
  /** the author's tag: red, blue or none */
  tag: z.string().nullable(),
  /** stored on the article by its save hook, e.g. `partisan@v3` */
  predictedBy: z.string().nullable(),
  prediction,
});
export type ArticlePrediction = z.infer<typeof articlePrediction>;

export const articlePredictionResponse = z.object({ data: articlePrediction, meta: predictionMeta });
