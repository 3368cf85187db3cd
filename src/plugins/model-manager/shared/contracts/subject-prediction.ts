import { z } from '@strapi/utils';
import { prediction, predictionMeta } from './predict';

/** `GET /model-manager/subjects` (admin): the content types the app registered as subjects. */
export const subjectTypeSummary = z.object({
  uid: z.string(),
  /** the model that scores its entries on save and takes their tag as feedback, if any */
  model: z.string().nullable(),
  tagField: z.string().nullable(),
});
export type SubjectTypeSummary = z.infer<typeof subjectTypeSummary>;
export const subjectTypesResponse = z.object({
  data: z.array(subjectTypeSummary),
  meta: z.object({}),
});

export const subjectParams = z.object({
  type: z.string().min(1).max(200),
  documentId: z.string().min(1).max(64),
});

/**
 * `GET /model-manager/subjects/:type/:documentId/prediction` (admin): a saved entry scored now by its
 * type's model, with its explanation, beside people's tag and what its save hook stored.
 */
export const subjectPrediction = z.object({
  documentId: z.string(),
  /** what was scored: the entry's text fields joined by a blank line, as the save hook scores it */
  text: z.string(),
  /** the entry's tag field, if the type has one */
  tag: z.string().nullable(),
  /** stored on the entry by its save hook, e.g. `spam@v3`, if the type stores it */
  predictedBy: z.string().nullable(),
  prediction,
});
export type SubjectPrediction = z.infer<typeof subjectPrediction>;
export const subjectPredictionResponse = z.object({
  data: subjectPrediction,
  meta: predictionMeta,
});
