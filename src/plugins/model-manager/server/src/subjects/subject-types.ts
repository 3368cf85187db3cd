import { sha256Hex } from '../utils/digest';
import { z } from 'zod';

/**
 * What is labelled and predicted: an entry of a content type the host app registered (a UID and a
 * document id, the way content-releases targets entries), or a free text. No Strapi imports: the
 * shapes, the keys and how an entry becomes text.
 */
export const subjectTypeSchema = z
  .object({
    /** the content type, e.g. "api::comment.comment" */
    uid: z
      .string()
      .regex(/^(api|plugin)::[\w-]+\.[\w-]+$/, 'a content-type UID such as api::comment.comment'),
    /** the fields whose values, joined by a blank line, are the entry's text */
    textFields: z.array(z.string().min(1)).min(1),
    /** the field that names the entry in lists (default: the first text field) */
    titleField: z.string().min(1).optional(),
    /** a request key that names an entry of this type by its documentId alone (`{ <alias>: documentId }`) */
    alias: z
      .string()
      .regex(/^[a-z][a-zA-Z]*$/)
      .optional(),
    /** the model that scores entries when they are saved, and to which their tag is feedback */
    model: z.string().min(1).optional(),
    /** the field holding people's tag: a value that is one of the model's labels is feedback, any other is none */
    tag: z
      .object({
        field: z.string().min(1),
        /** the feedback dataset the tags go to */
        dataset: z.string().min(1).max(120).default('entries'),
        /** who tagged it when a save has no signed-in caller (seeding, scripts): the entry's author field */
        authorField: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    /** fields the save hook writes the model's answer into (each optional) */
    prediction: z
      .object({
        label: z.string().optional(),
        probabilities: z.string().optional(),
        by: z.string().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type SubjectType = z.infer<typeof subjectTypeSchema>;

/** One entry, as requests name it (shared/contracts/subjects.ts `subjectRef`). */
export interface SubjectRef {
  type: string;
  documentId: string;
}

const TEXT_PREFIX = 'text:';

/** The one key of a subject, shared by feedback, outcomes and evaluation: "<uid>:<documentId>" or "text:<sha256>". */
export const entryKey = (ref: SubjectRef) => `${ref.type}:${ref.documentId}`;
export const textKey = (text: string) => `${TEXT_PREFIX}${sha256Hex(text)}`;
export const subjectKeyOf = (input: { subject?: SubjectRef | null; text: string }) =>
  input.subject ? entryKey(input.subject) : textKey(input.text);

/** The entry a key names, or null for a free text's key. Document ids hold no colon; UIDs do. */
export function refOfKey(key: string): SubjectRef | null {
  if (key.startsWith(TEXT_PREFIX)) return null;
  const cut = key.lastIndexOf(':');
  return cut > 0 ? { type: key.slice(0, cut), documentId: key.slice(cut + 1) } : null;
}

/** An entry's text: its text fields joined by a blank line (an empty field stays an empty part). */
export function entryText(type: SubjectType, entry: Record<string, unknown>): string {
  return type.textFields
    .map((field) => (entry[field] == null ? '' : String(entry[field])))
    .join('\n\n');
}

export function entryTitle(type: SubjectType, entry: Record<string, unknown>): string {
  const value = entry[type.titleField ?? type.textFields[0]];
  return value == null ? '' : String(value).slice(0, 300);
}
