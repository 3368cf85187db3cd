import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { pluginConfig } from '../utils/plugin-config';
import { fieldError } from '../utils/validate';
import {
  entryKey,
  entryText,
  entryTitle,
  subjectTypeSchema,
  type SubjectRef,
  type SubjectType,
} from './subject-types';

export interface ReadSubject {
  ref: SubjectRef;
  key: string;
  text: string;
  title: string;
  /** the fields read (text, title, tag, stored prediction), so callers need not read the entry again */
  fields: Record<string, unknown>;
}

/**
 * The subject types the app registered, in its plugin config (`subjects`) or from its own code
 * (`register`, e.g. in its bootstrap), and entries read as text through them.
 */
const createSubjectsService = ({ strapi }: { strapi: Core.Strapi }) => {
  let registered: Map<string, SubjectType> | null = null;
  const byUid = () =>
    (registered ??= new Map(
      subjectTypeSchema
        .array()
        .parse(pluginConfig(strapi).subjects ?? [])
        .map((t) => [t.uid, t])
    ));
  const types = () => [...byUid().values()];

  function requireType(uid: string, path: string[]): SubjectType {
    const type = byUid().get(uid);
    if (type) return type;
    const known = types().map((t) => t.uid);
    throw fieldError(
      path,
      `"${uid}" is not a registered subject type (${known.length ? `registered: ${known.join(', ')}` : 'none is registered'})`
    );
  }

  return {
    types,

    /** Registers a content type as a subject, or replaces its registration (same UID). */
    register(input: unknown): SubjectType {
      const type = subjectTypeSchema.parse(input);
      const clash = types().find((t) => t.alias && t.alias === type.alias && t.uid !== type.uid);
      if (clash)
        throw new Error(`model-manager subjects: alias ${type.alias} is already ${clash.uid}'s`);
      byUid().set(type.uid, type);
      return type;
    },

    typeOf: (uid: string) => byUid().get(uid) ?? null,

    /** The type a request key such as `{ <alias>: documentId }` stands for, if the app gave one that alias. */
    byAlias: (alias: string) => types().find((t) => t.alias === alias) ?? null,

    /** Checks at boot that every registered type and field exists, so a typo fails the start, not a request. */
    check() {
      for (const type of types()) {
        const contentType = strapi.contentTypes[type.uid as keyof typeof strapi.contentTypes] as
          | { attributes: Record<string, unknown> }
          | undefined;
        if (!contentType)
          throw new Error(
            `model-manager config: subjects: ${type.uid} is not a content type of this app`
          );
        const fields = [
          ...type.textFields,
          type.titleField,
          type.tag?.field,
          type.tag?.authorField,
          ...Object.values(type.prediction ?? {}),
        ].filter((f): f is string => !!f);
        const missing = fields.filter((f) => !(f in contentType.attributes));
        if (missing.length)
          throw new Error(
            `model-manager config: subjects: ${type.uid} has no field ${missing.join(', ')}`
          );
      }
    },

    /**
     * What a feedback body labels: its `text`, its `subject`, or an entry named by a registered alias
     * (`{ <alias>: documentId }`). Any other key is refused as unknown, as a strict schema would.
     */
    async fromBody(
      data: Record<string, unknown>,
      known: string[]
    ): Promise<{ text: string; subject: ReadSubject | null }> {
      const extra = Object.keys(data).filter((key) => !known.includes(key));
      const unknown = extra.filter((key) => !this.byAlias(key));
      if (unknown.length)
        throw fieldError(
          ['data', unknown[0]],
          `Unrecognized key(s) in object: ${unknown.map((k) => `'${k}'`).join(', ')}`
        );
      const named =
        extra.length + (data.text !== undefined ? 1 : 0) + (data.subject !== undefined ? 1 : 0);
      if (named !== 1)
        throw fieldError(
          ['data', 'text'],
          `send one of "text", "subject"${extra.length ? ` or "${extra[0]}"` : ''}`
        );
      if (extra.length) {
        const type = this.byAlias(extra[0])!;
        const subject = await this.read({ type: type.uid, documentId: String(data[extra[0]]) }, [
          'data',
          extra[0],
        ]);
        return { text: subject.text, subject };
      }
      if (data.subject) {
        const subject = await this.read(data.subject as SubjectRef, ['data', 'subject']);
        return { text: subject.text, subject };
      }
      return { text: String(data.text), subject: null };
    },

    /** One entry with the fields its type names (text, tag, stored prediction), or null. */
    async entry(type: SubjectType, documentId: string): Promise<Record<string, unknown> | null> {
      const fields = [
        ...new Set(
          [
            ...type.textFields,
            type.titleField ?? type.textFields[0],
            type.tag?.field,
            type.prediction?.by,
          ].filter((f): f is string => !!f)
        ),
      ];
      return (await strapi
        .documents(type.uid as never)
        .findOne({ documentId, fields } as never)) as Record<string, unknown> | null;
    },

    /** One entry, read as text; 400 naming `path` for an unregistered type, 404 for a missing entry. */
    async read(ref: SubjectRef, path: string[] = ['subject']): Promise<ReadSubject> {
      const type = requireType(ref.type, [...path, 'type']);
      const entry = await this.entry(type, ref.documentId);
      if (!entry)
        throw new errors.NotFoundError(`No ${ref.type} entry ${ref.documentId}`, {
          field: [...path, 'documentId'],
        });
      return {
        ref,
        key: entryKey(ref),
        text: entryText(type, entry),
        title: entryTitle(type, entry),
        fields: entry,
      };
    },
  };
};

export type SubjectsService = ReturnType<typeof createSubjectsService>;
export default createSubjectsService;
