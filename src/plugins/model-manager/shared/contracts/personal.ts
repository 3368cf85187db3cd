import { z } from '@strapi/utils';
import { emptyMeta, envelope, pagination } from './envelope';

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
export const personalResetResponse = envelope(
  z.object({ removedLabels: z.number().int(), state: personalState }),
  emptyMeta
);

/** Admin: how many readers have a personal model of a model; never their texts or names. */
export const personalReaders = z.object({ readers: z.number().int(), active: z.number().int() });
export type PersonalReaders = z.infer<typeof personalReaders>;
export const personalReadersResponse = envelope(personalReaders, emptyMeta);

/** Admin `GET /models/:slug/personal-models/texts` [readers.read-texts]: a page of readers who have a personal model. */
export const readerTextsQuery = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(50).default(10),
  })
  .strict();

export const readerText = z.object({
  /** the labelled text as it read then */
  text: z.string().nullable(),
  label: z.string(),
  subject: z.string(),
  labelledAt: z.string(),
});

export const readerTexts = z.object({
  id: z.number().int(),
  username: z.string(),
  /** labels the reader gave on this model (one per subject) */
  labels: z.number().int(),
  /** newest first, at most `READER_TEXTS_SHOWN` of them */
  texts: z.array(readerText),
});
export type ReaderTexts = z.infer<typeof readerTexts>;
export const READER_TEXTS_SHOWN = 100;

export const readerTextsResponse = envelope(z.array(readerTexts), z.object({ pagination }));
export namespace ListReaderTexts {
  export type Response = z.infer<typeof readerTextsResponse>;
}
