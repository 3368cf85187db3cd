import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UIDS } from '../../../../shared/constants';
import type {
  FeedbackEntry,
  FeedbackFilterQuery,
  FeedbackGiver,
} from '../../../../shared/contracts/feedback';
import type { Actor } from '../../../../shared/contracts/models';
import { exportHeader, exportLine, type ImportFormat } from '../../../../shared/feedback-import';
import { giverKeysOf } from '../../database/repositories/feedback';
import { writeAudit } from '../../lifecycle/audit';
import { asRegistry } from '../../lifecycle/registry-guard';
import { getService } from '../../utils/get-service';
import { fieldError } from '../../utils/validate';
import { giverNames } from './giver-names';
import {
  iso,
  rowId,
  stored,
  type FeedbackDocument,
  type ModelDocument,
} from '../../types/documents';

/** Entries an export writes at most: a bound on one request's cost. */
export const EXPORT_MAX_ROWS = 100_000;
const EXPORT_PAGE = 1000;
export const EXPORT_COLUMNS = [
  'text',
  'label',
  'group',
  'dataset',
  'source',
  'giver',
  'predictedLabel',
  'predictedVersion',
  'createdAt',
] as const;

/**
 * Document-service filters of a feedback query: exact source, label, dataset and giver; `q` in the
 * labelled text, but (without readers.read-texts) never in readers' texts, whose matches would tell them.
 */
export function feedbackFilters(
  model: ModelDocument,
  query: FeedbackFilterQuery,
  readerTexts = true
): Record<string, unknown> {
  const filters: Record<string, unknown> = { model: { documentId: model.documentId } };
  if (query.source) filters.source = query.source;
  if (query.label) filters.label = query.label;
  if (query.dataset) filters.dataset = query.dataset;
  if (query.giver) filters.giverKey = query.giver;
  if (query.q) filters.text = { $containsi: query.q };
  if (query.q && !readerTexts) filters.$and = [{ source: { $ne: 'reader' } }];
  return filters;
}

/** What an admin without readers.read-texts sees of a reader's label: not its text. */
export const withoutReaderText = <T extends { source: string; text: string | null }>(row: T): T =>
  row.source === 'reader' ? { ...row, text: null } : row;

/**
 * What editors do to feedback beyond giving it: correct a label, delete an entry (both audited,
 * with the old and new label), list who gave labels by name, and export a filtered selection.
 */
const createFeedbackEditingService = ({ strapi }: { strapi: Core.Strapi }) => {
  const feedback = () => strapi.documents(UIDS.feedback);

  async function requireEntry(model: ModelDocument, documentId: string): Promise<FeedbackDocument> {
    const entry = await feedback().findFirst({
      filters: { documentId, model: { documentId: model.documentId } },
    });
    if (!entry) throw new errors.NotFoundError(`No feedback ${documentId} on model ${model.slug}`);
    return entry;
  }

  const audit = (
    model: ModelDocument,
    action: string,
    from: string | null,
    to: string | null,
    actor: Actor,
    entry: FeedbackDocument,
    comment?: string
  ) =>
    writeAudit(strapi, {
      model: { documentId: model.documentId },
      versionNumber: null,
      action,
      from,
      to,
      actor,
      comment: [
        `feedback ${entry.documentId}${entry.text ? `: "${String(entry.text).slice(0, 80)}"` : ''}`,
        comment,
      ]
        .filter(Boolean)
        .join(' · '),
    });

  return {
    /** Gives an entry another label (one of the model's); the audit keeps the old and the new one. */
    async relabel(
      model: ModelDocument,
      documentId: string,
      input: { label: string; comment?: string },
      actor: Actor
    ): Promise<FeedbackEntry> {
      const labels = (model.labels ?? []) as string[];
      if (!labels.includes(input.label))
        throw fieldError(['data', 'label'], `label must be one of ${labels.join(', ')}`);
      const entry = await requireEntry(model, documentId);
      const updated = await strapi.db.transaction(async () => {
        // requireEntry just read it: update() answers null only for a documentId that is gone.
        const doc = (await feedback().update({ documentId, data: { label: input.label } }))!;
        if (entry.label !== input.label)
          await asRegistry(() =>
            audit(model, 'relabel', stored(entry.label), input.label, actor, entry, input.comment)
          );
        return doc;
      });
      return getService(strapi, 'feedback').toEntry(
        updated,
        (await giverNames(strapi, [stored(updated.giverKey)])).get(stored(updated.giverKey))
      );
    },

    /** Deletes an entry; the audit keeps what it said. */
    async remove(
      model: ModelDocument,
      documentId: string,
      input: { comment?: string },
      actor: Actor
    ): Promise<void> {
      const entry = await requireEntry(model, documentId);
      await strapi.db.transaction(async () => {
        await feedback().delete({ documentId });
        await asRegistry(() =>
          audit(model, 'delete', stored(entry.label), null, actor, entry, input.comment)
        );
      });
    },

    /** Everyone who labelled something for the model, by readable name, most prolific first. */
    async givers(model: ModelDocument, readerTexts = true): Promise<FeedbackGiver[]> {
      const counts = new Map<string, number>();
      for (const key of await giverKeysOf(strapi, rowId(model)))
        counts.set(key, (counts.get(key) ?? 0) + 1);
      const names = await giverNames(strapi, [...counts.keys()], readerTexts);
      return [...counts]
        .map(([key, count]) => ({ key, name: names.get(key) ?? key, count }))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    },

    /** The matching entries as a JSONL or CSV file, oldest first, at most EXPORT_MAX_ROWS. */
    async export(
      model: ModelDocument,
      query: FeedbackFilterQuery,
      format: ImportFormat,
      readerTexts = true
    ): Promise<{ body: string; rows: number; truncated: boolean }> {
      const filters = feedbackFilters(model, query, readerTexts);
      const lines: string[] = format === 'csv' ? [exportHeader(EXPORT_COLUMNS)] : [];
      const total = await feedback().count({ filters: filters });
      for (let start = 0; start < Math.min(total, EXPORT_MAX_ROWS); start += EXPORT_PAGE) {
        const docs = await feedback().findMany({
          filters: filters,
          sort: 'id:asc',
          start,
          limit: Math.min(EXPORT_PAGE, EXPORT_MAX_ROWS - start),
        });
        const names = await giverNames(
          strapi,
          [...new Set(docs.map((d) => stored(d.giverKey)))],
          readerTexts
        );
        for (const d of docs) {
          const text = readerTexts || d.source !== 'reader' ? (d.text ?? '') : '';
          const group = d.groupKey
            ? String(d.groupKey).slice(String(d.groupKey).indexOf(':') + 1)
            : null;
          const row = {
            text,
            label: d.label,
            group,
            dataset: d.dataset,
            source: d.source,
            giver: names.get(stored(d.giverKey)) ?? d.giverKey,
            predictedLabel: d.predictedLabel ?? null,
            predictedVersion: d.predictedVersion ?? null,
            createdAt: iso(d.createdAt),
          };
          lines.push(exportLine(row, format, EXPORT_COLUMNS));
        }
      }
      return {
        body: lines.length ? `${lines.join('\n')}\n` : '',
        rows: Math.min(total, EXPORT_MAX_ROWS),
        truncated: total > EXPORT_MAX_ROWS,
      };
    },
  };
};

export type FeedbackEditingService = ReturnType<typeof createFeedbackEditingService>;
export default createFeedbackEditingService;
