import { z } from '@strapi/utils';
import { emptyMeta, envelope } from './envelope';

/** A reader's personal model of one model (`GET /models/:slug/personal`, with the reader's JWT). */
export const personalState = z.object({
  /** Labels learnt (a repeat label on the same subject is learnt again). */
  labels: z.number().int(),
  /** Labels needed before predict answers from the personal model. */
  minLabels: z.number().int(),
  active: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type PersonalState = z.infer<typeof personalState>;

export const personalStateResponse = envelope(personalState, emptyMeta);
/** `DELETE /models/:slug/personal`: what the reset removed. */
export const personalResetResponse = envelope(z.object({ removedLabels: z.number().int(), state: personalState }), emptyMeta);

/** Admin: how many readers have a personal model of a model; never their texts or names. */
export const personalReadersResponse = envelope(z.object({ readers: z.number().int(), active: z.number().int() }), emptyMeta);
