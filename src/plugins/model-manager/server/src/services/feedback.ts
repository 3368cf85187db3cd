import { createHash } from 'crypto';
import type { Core } from '@strapi/strapi';
import { UIDS, type FeedbackSource } from '../../../shared/constants';
import type { FeedbackEntry } from '../../../shared/contracts/feedback';
import { isUniqueViolation } from '../utils/errors';
import type { Doc } from './serialize';
import { fieldError } from '../utils/validate';

export interface LabelledRow {
  text: string;
  label: string;
}

export interface Dataset {
  rows: LabelledRow[];
  size: number;
  /** sha256 over the sorted (subject, label) pairs: the version's lineage names exactly this data */
  hash: string;
}

export interface GiveFeedback {
  text?: string;
  articleDocumentId?: string;
  label: string;
  predictedLabel?: string | null;
  predictedVersion?: number | null;
  giverKey: string;
  userId?: number | null;
  source: FeedbackSource;
  dataset: string;
}

export const DEFAULT_DATASET = 'feedback';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const subjectKeyOf = (input: { text?: string; articleDocumentId?: string }) =>
  input.articleDocumentId ? `article:${input.articleDocumentId}` : `text:${sha256(input.text ?? '')}`;

function toEntry(doc: Doc): FeedbackEntry {
  return {
    documentId: doc.documentId,
    text: doc.text ?? null,
    article: doc.article ? { documentId: doc.article.documentId, title: doc.article.title } : null,
    label: doc.label,
    predictedLabel: doc.predictedLabel ?? null,
    predictedVersion: doc.predictedVersion ?? null,
    giverKey: doc.giverKey,
    source: doc.source,
    dataset: doc.dataset,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

/**
 * Labels people give texts and articles: captured once per giver and subject (a repeat updates
 * the label), grouped in named datasets, and read back as training or evaluation data.
 */
const createFeedbackService = ({ strapi }: { strapi: Core.Strapi }) => {
  const feedback = () => strapi.documents(UIDS.feedback);

  function requireLabel(model: Doc, label: string) {
    const labels = (model.labels ?? []) as string[];
    if (!labels.includes(label)) {
      const message = `label must be one of ${labels.join(', ')}`;
      throw fieldError(['label'], message);
    }
  }

  return {
    /** Records a label; the same giver labelling the same subject again updates their entry. */
    async give(model: Doc, input: GiveFeedback): Promise<{ entry: FeedbackEntry; created: boolean }> {
      requireLabel(model, input.label);
      const subjectKey = subjectKeyOf(input);
      const dedupeKey = [model.slug, input.dataset, input.giverKey, subjectKey].join('|');
      const data = {
        model: model.documentId,
        text: input.articleDocumentId ? null : input.text,
        article: input.articleDocumentId ?? null,
        label: input.label,
        predictedLabel: input.predictedLabel ?? null,
        predictedVersion: input.predictedVersion ?? null,
        user: input.userId ?? null,
        giverKey: input.giverKey,
        subjectKey,
        source: input.source,
        dataset: input.dataset,
        dedupeKey,
      };
      const update = async (existing: Doc) =>
        (await feedback().update({ documentId: existing.documentId, data: data as never, populate: ['article'] })) as Doc;
      const existing = (await feedback().findFirst({ filters: { dedupeKey } })) as Doc | null;
      if (existing) return { entry: toEntry(await update(existing)), created: false };
      try {
        return { entry: toEntry((await feedback().create({ data: data as never, populate: ['article'] })) as Doc), created: true };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // A concurrent repeat won the insert: ours becomes the update it would have been.
        const winner = (await feedback().findFirst({ filters: { dedupeKey } })) as Doc;
        return { entry: toEntry(await update(winner)), created: false };
      }
    },

    /** Removes one giver's label on an article (an author clearing their tag). */
    async withdraw(model: Doc, input: { articleDocumentId: string; giverKey: string; dataset: string }): Promise<boolean> {
      const dedupeKey = [model.slug, input.dataset, input.giverKey, subjectKeyOf(input)].join('|');
      const existing = (await feedback().findFirst({ filters: { dedupeKey } })) as Doc | null;
      if (!existing) return false;
      await feedback().delete({ documentId: existing.documentId });
      return true;
    },

    /**
     * The labelled rows of a model, frozen as a list: the given datasets, or all of them except
     * `excludeDataset` (the evaluation set). Article feedback uses the article's title and body.
     */
    async dataset(model: Doc, options: { datasets?: string[]; excludeDataset?: string | null } = {}): Promise<Dataset> {
      const where: Record<string, unknown> = { model: { id: model.id } };
      if (options.datasets) where.dataset = { $in: options.datasets };
      else if (options.excludeDataset) where.dataset = { $ne: options.excludeDataset };
      const rows = (await strapi.db.query(UIDS.feedback).findMany({
        where,
        select: ['text', 'label', 'subjectKey'],
        populate: { article: { select: ['title', 'body'] } },
        orderBy: { id: 'asc' },
      })) as Array<{ text: string | null; label: string; subjectKey: string; article: { title: string; body: string } | null }>;
      const usable = rows
        .map((r) => ({ text: r.article ? `${r.article.title}\n\n${r.article.body}` : r.text ?? '', label: r.label, subjectKey: r.subjectKey }))
        .filter((r) => r.text.trim());
      const fingerprint = usable.map((r) => `${r.subjectKey}\t${r.label}`).sort().join('\n');
      return { rows: usable.map(({ text, label }) => ({ text, label })), size: usable.length, hash: sha256(fingerprint) };
    },

    /** The model's evaluation set, or null when it has none. */
    async evaluationSet(model: Doc): Promise<Dataset | null> {
      if (!model.evaluationDataset) return null;
      const set = await this.dataset(model, { datasets: [model.evaluationDataset] });
      return set.size ? set : null;
    },

    /** A page of entries matching the filters, with label/dataset/source counts over all matches. */
    async list(model: Doc, query: { source?: string; label?: string; dataset?: string; giver?: string; page: number; pageSize: number }) {
      const filters: Record<string, unknown> = { model: { documentId: model.documentId } };
      if (query.source) filters.source = query.source;
      if (query.label) filters.label = query.label;
      if (query.dataset) filters.dataset = query.dataset;
      if (query.giver) filters.giverKey = query.giver;
      const [docs, total] = await Promise.all([
        feedback().findMany({
          filters: filters as never,
          sort: 'updatedAt:desc',
          start: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
          populate: { article: { fields: ['title'] } },
        }),
        feedback().count({ filters: filters as never }),
      ]);
      return {
        entries: (docs as Doc[]).map(toEntry),
        pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(total / query.pageSize), total },
        stats: await this.stats(model, filters),
      };
    },

    async stats(model: Doc, filters: Record<string, unknown> = { model: { documentId: model.documentId } }) {
      const rows = (await strapi.db.query(UIDS.feedback).findMany({
        where: filters,
        // `id` too: filtering through the model relation makes Strapi select DISTINCT, which would
        // otherwise merge entries that share label, dataset and source.
        select: ['id', 'label', 'dataset', 'source'],
      })) as Array<{ label: string; dataset: string; source: string }>;
      const count = (key: 'label' | 'dataset' | 'source') =>
        rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r[key]]: (acc[r[key]] ?? 0) + 1 }), {});
      return { total: rows.length, byLabel: count('label'), byDataset: count('dataset'), bySource: count('source') };
    },

    toEntry,
  };
};

export type FeedbackService = ReturnType<typeof createFeedbackService>;
export default createFeedbackService;
