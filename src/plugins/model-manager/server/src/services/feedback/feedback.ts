import type { Core } from '@strapi/strapi';
import { UIDS, type FeedbackSource } from '../../../../shared/constants';
import type { FeedbackEntry, FeedbackFilterQuery } from '../../../../shared/contracts/feedback';
import {
  datasetRows,
  provenanceRows,
  subjectKeysOf,
  tallyRows,
  type ProvenanceRow,
} from '../../database/repositories/feedback';
import { sha256Hex } from '../../utils/digest';
import { isUniqueViolation } from '../../utils/errors';
import {
  iso,
  rowId,
  stored,
  type FeedbackDocument,
  type ModelDocument,
} from '../../types/documents';
import { fieldError } from '../../utils/validate';
import { feedbackFilters, withoutReaderText } from './feedback-editing';
import { fallbackGiverName, giverNames } from './giver-names';
import { orClear } from '../../utils/document-input';
import { entryKey, subjectKeyOf, type SubjectRef } from '../../subjects/subject-types';

export interface LabelledRow {
  text: string;
  label: string;
}

export interface DatasetRow extends LabelledRow {
  /** Rows sharing it are not independent: the row's group key ("debate:d07"), null when it has none. */
  group: string | null;
  /** How much the row counts in training (a collective's confidence in its label, a capped readers' vote); absent: 1. */
  weight?: number;
}

export interface Dataset {
  rows: DatasetRow[];
  size: number;
  /** sha256 over the sorted (subject, label[, weight when not 1]) rows: the version's lineage names exactly this data */
  hash: string;
  /** sha256 over the rows in order (label, sha256 of the text[, weight when not 1]): changes when any text, label or weight does */
  contentHash: string;
  /** Feedback ids of the rows, in row order (ascending). */
  ids: number[];
  /** Subject key of each row ("text:<sha256>" or "<uid>:<documentId>"). */
  subjects: string[];
  /** The group field when every row has a group key of that one field (cluster bootstrap), else null. */
  groupedBy: string | null;
}

export interface GiveFeedback {
  /** what was labelled: the free text, or the entry's text as it read then */
  text: string;
  /** the entry it is about, if any */
  subject?: SubjectRef | null;
  label: string;
  predictedLabel?: string | null;
  predictedVersion?: number | null;
  giverKey: string;
  userId?: number | null;
  source: FeedbackSource;
  dataset: string;
}

export const DEFAULT_DATASET = 'feedback';
const ID_SLICE = 5000;

interface FeedbackRow {
  id: number;
  text: string | null;
  label: string;
  subjectKey: string;
  groupKey: string | null;
  weight?: number;
}

/** Who gave a labelled row and where it came from: what training selects trusted rows by. */
export type { ProvenanceRow };

interface ResolvedRow {
  id: number;
  text: string;
  label: string;
  subjectKey: string;
  groupKey: string | null;
  weight?: number;
}

/** A weight of 1 is written nowhere, so unweighted data keeps the hashes it always had. */
const weighted = (r: ResolvedRow) =>
  r.weight === undefined || r.weight === 1 ? '' : `\t${r.weight}`;

function fingerprinted(usable: ResolvedRow[]): Dataset {
  const fingerprint = usable
    .map((r) => `${r.subjectKey}\t${r.label}${weighted(r)}`)
    .sort()
    .join('\n');
  const content = usable.map((r) => `${r.label}\t${sha256Hex(r.text)}${weighted(r)}`).join('\n');
  const fields = new Set(
    usable.map((r) => (r.groupKey ? r.groupKey.slice(0, r.groupKey.indexOf(':')) : null))
  );
  const [field] = fields;
  return {
    rows: usable.map((r) => ({
      text: r.text,
      label: r.label,
      group: r.groupKey,
      ...(weighted(r) && { weight: r.weight }),
    })),
    size: usable.length,
    hash: sha256Hex(fingerprint),
    contentHash: sha256Hex(content),
    ids: usable.map((r) => r.id),
    subjects: usable.map((r) => r.subjectKey),
    groupedBy: fields.size === 1 && field ? field : null,
  };
}

/** The named datasets, or every one but the excluded (evaluation) set. */
function datasetWhere(options: { datasets?: string[]; excludeDataset?: string | null }) {
  if (options.datasets) return { dataset: { $in: options.datasets } };
  if (options.excludeDataset) return { dataset: { $ne: options.excludeDataset } };
  return {};
}

/** Feedback rows as training or evaluation data: empty texts dropped, fingerprinted. */
function frozen(rows: FeedbackRow[]): Dataset {
  return fingerprinted(
    rows.map((r) => ({ ...r, text: r.text ?? '' })).filter((r) => r.text.trim())
  );
}

/** The rows of a frozen dataset for which `keep(i)` holds, fingerprinted afresh. */
export function subsetOf(data: Dataset, keep: (i: number) => boolean): Dataset {
  return relabelled(data, (i) => (keep(i) ? {} : null));
}

/** A frozen dataset with some rows' label or weight replaced (null drops the row), fingerprinted afresh. */
export function relabelled(
  data: Dataset,
  change: (i: number) => { label?: string; weight?: number } | null
): Dataset {
  const rows: ResolvedRow[] = [];
  data.rows.forEach((row, i) => {
    const changed = change(i);
    if (!changed) return;
    rows.push({
      id: data.ids[i],
      text: row.text,
      label: changed.label ?? row.label,
      subjectKey: data.subjects[i],
      groupKey: row.group,
      weight: changed.weight ?? row.weight,
    });
  });
  return fingerprinted(rows);
}

function toEntry(doc: FeedbackDocument, giverName?: string): FeedbackEntry {
  const giverKey = stored(doc.giverKey);
  return {
    documentId: doc.documentId,
    text: doc.text ?? null,
    subject:
      doc.subjectType && doc.subjectId
        ? { type: doc.subjectType, documentId: doc.subjectId }
        : null,
    label: stored(doc.label),
    predictedLabel: doc.predictedLabel ?? null,
    predictedVersion: doc.predictedVersion ?? null,
    giverKey,
    giverName: giverName ?? fallbackGiverName(giverKey),
    source: stored(doc.source),
    dataset: stored(doc.dataset),
    createdAt: stored(iso(doc.createdAt)),
    updatedAt: stored(iso(doc.updatedAt)),
  };
}

/**
 * Labels people give texts and entries: captured once per giver and subject (a repeat updates
 * the label), grouped in named datasets, and read back as training or evaluation data.
 */
const createFeedbackService = ({ strapi }: { strapi: Core.Strapi }) => {
  const feedback = () => strapi.documents(UIDS.feedback);

  function requireLabel(model: ModelDocument, label: string) {
    const labels = (model.labels ?? []) as string[];
    if (!labels.includes(label)) {
      const message = `label must be one of ${labels.join(', ')}`;
      throw fieldError(['label'], message);
    }
  }

  return {
    /** Records a label; the same giver labelling the same subject again updates their entry. */
    async give(
      model: ModelDocument,
      input: GiveFeedback
    ): Promise<{ entry: FeedbackEntry; created: boolean }> {
      requireLabel(model, input.label);
      const subjectKey = subjectKeyOf(input);
      const dedupeKey = [model.slug, input.dataset, input.giverKey, subjectKey].join('|');
      const data = {
        model: model.documentId,
        text: input.text,
        subjectType: orClear(input.subject?.type),
        subjectId: orClear(input.subject?.documentId),
        label: input.label,
        predictedLabel: orClear(input.predictedLabel),
        predictedVersion: orClear(input.predictedVersion),
        user: orClear(input.userId),
        giverKey: input.giverKey,
        subjectKey,
        source: input.source,
        dataset: input.dataset,
        dedupeKey,
      };
      // update() answers null only for a documentId that is gone; ours was just read.
      const update = async (existing: FeedbackDocument) =>
        (await feedback().update({ documentId: existing.documentId, data }))!;
      const existing = await feedback().findFirst({ filters: { dedupeKey } });
      if (existing) return { entry: toEntry(await update(existing)), created: false };
      try {
        return { entry: toEntry(await feedback().create({ data })), created: true };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // A concurrent repeat won the insert: ours becomes the update it would have been.
        const winner = (await feedback().findFirst({ filters: { dedupeKey } }))!;
        return { entry: toEntry(await update(winner)), created: false };
      }
    },

    /** Removes one giver's label on an entry (an author clearing their tag). */
    async withdraw(
      model: ModelDocument,
      input: { subject: SubjectRef; giverKey: string; dataset: string }
    ): Promise<boolean> {
      const dedupeKey = [model.slug, input.dataset, input.giverKey, entryKey(input.subject)].join(
        '|'
      );
      const existing = await feedback().findFirst({ filters: { dedupeKey } });
      if (!existing) return false;
      await feedback().delete({ documentId: existing.documentId });
      return true;
    },

    /**
     * The labelled rows of a model, frozen as a list: the given datasets, or all of them except
     * `excludeDataset` (the evaluation set). Rows about a subject (text hash or entry) of the
     * excluded dataset are left out too, whatever dataset they sit in: the evaluation set is kept
     * out of training by what it is about, not by its name.
     */
    async dataset(
      model: ModelDocument,
      options: {
        datasets?: string[];
        excludeDataset?: string | null;
        ids?: number[];
        /** Sample weight by feedback id (rows not named weigh 1). */
        weights?: ReadonlyMap<number, number>;
      } = {}
    ): Promise<Dataset> {
      const query = (where: Record<string, unknown>): Promise<FeedbackRow[]> =>
        datasetRows(strapi, rowId(model), where);
      if (options.ids) {
        // In slices: a query binds every id, and databases cap the number of bound values.
        const rows: FeedbackRow[] = [];
        for (let start = 0; start < options.ids.length; start += ID_SLICE)
          rows.push(...(await query({ id: { $in: options.ids.slice(start, start + ID_SLICE) } })));
        const weights = options.weights;
        if (weights) for (const r of rows) r.weight = weights.get(r.id);
        return frozen(rows.sort((a, b) => a.id - b.id));
      }
      const rows = await query(datasetWhere(options));
      return frozen(await this.withoutExcluded(model, rows, options.excludeDataset));
    },

    /** Who gave each row `dataset` would read (same filters), without texts: what training selects by. */
    async provenance(
      model: ModelDocument,
      options: { datasets?: string[]; excludeDataset?: string | null } = {}
    ): Promise<ProvenanceRow[]> {
      const rows = await provenanceRows(strapi, rowId(model), datasetWhere(options));
      return this.withoutExcluded(model, rows, options.excludeDataset);
    },

    /** Rows about a subject of the evaluation set are left out, whatever dataset they sit in. */
    async withoutExcluded<R extends { subjectKey: string }>(
      model: ModelDocument,
      rows: R[],
      excludeDataset?: string | null
    ): Promise<R[]> {
      if (!excludeDataset) return rows;
      const excluded = await this.subjectsOf(model, excludeDataset);
      return rows.filter((r) => !excluded.has(r.subjectKey));
    },

    /** Subject keys of one dataset of a model. */
    async subjectsOf(model: ModelDocument, dataset: string): Promise<Set<string>> {
      return new Set(await subjectKeysOf(strapi, rowId(model), dataset));
    },

    /** The model's evaluation set, or null when it has none. */
    async evaluationSet(model: ModelDocument): Promise<Dataset | null> {
      if (!model.evaluationDataset) return null;
      const set = await this.dataset(model, { datasets: [model.evaluationDataset] });
      return set.size ? set : null;
    },

    /** A page of entries matching the filters, with label/dataset/source counts over all matches. */
    /** A page of entries; without `readerTexts` (readers.read-texts), readers' texts and names are left out. */
    async list(
      model: ModelDocument,
      query: FeedbackFilterQuery & { page: number; pageSize: number },
      readerTexts = true
    ) {
      const filters = feedbackFilters(model, query, readerTexts);
      const [docs, total] = await Promise.all([
        feedback().findMany({
          filters,
          sort: 'updatedAt:desc',
          start: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
        }),
        feedback().count({ filters }),
      ]);
      const names = await giverNames(
        strapi,
        [...new Set(docs.map((d) => stored(d.giverKey)))],
        readerTexts
      );
      const entries = docs.map((d) => toEntry(d, names.get(stored(d.giverKey))));
      return {
        entries: readerTexts ? entries : entries.map(withoutReaderText),
        pagination: {
          page: query.page,
          pageSize: query.pageSize,
          pageCount: Math.ceil(total / query.pageSize),
          total,
        },
        stats: await this.stats(model, filters),
      };
    },

    async stats(
      model: ModelDocument,
      filters: Record<string, unknown> = { model: { documentId: model.documentId } }
    ) {
      const rows = await tallyRows(strapi, filters);
      const count = (key: 'label' | 'dataset' | 'source') =>
        rows.reduce<Record<string, number>>(
          (acc, r) => ({ ...acc, [r[key]]: (acc[r[key]] ?? 0) + 1 }),
          {}
        );
      return {
        total: rows.length,
        byLabel: count('label'),
        byDataset: count('dataset'),
        bySource: count('source'),
      };
    },

    toEntry,
  };
};

export type FeedbackService = ReturnType<typeof createFeedbackService>;
export default createFeedbackService;
