import type { Data, Modules, Schema } from '@strapi/strapi';
import type { UIDS } from '../../../shared/constants';

/*
 * The plugin's documents as read, typed from the generated content-type typings (types/generated, `strapi ts:generate-types`).
 * Strapi types every attribute optional and nullable (a `fields` list may leave any of them out) and every relation
 * as an optional populated document, so one alias serves a document read whole, with `fields` or with `populate`.
 */
export type ModelDocument = Modules.Documents.Document<typeof UIDS.model>;
export type VersionDocument = Modules.Documents.Document<typeof UIDS.version>;
export type RunDocument = Modules.Documents.Document<typeof UIDS.trainingRun>;
export type FeedbackDocument = Modules.Documents.Document<typeof UIDS.feedback>;

/**
 * A schema-required attribute of a document read without a `fields` list: the schema guarantees it, Strapi's type
 * still says optional. Narrows the type only; it checks nothing.
 */
export function stored<T>(value: T | null | undefined): T {
  return value as T;
}

/** Datetimes leave the document service as ISO strings (its datetime field formats them); the Date in Strapi's type is for input. */
export function iso(
  value: Schema.Attribute.DateTimeValue | null | undefined
): string | null | undefined {
  return value as string | null | undefined;
}

/** A document's row id as the number it is: integer primary keys on every database Strapi 5 runs on; Data.ID also admits strings. */
export function rowId(document: { id: Data.ID }): number {
  return document.id as number;
}
