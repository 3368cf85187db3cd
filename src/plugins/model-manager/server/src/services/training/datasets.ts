import { promises as fs } from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { ImportResult } from '../../../../shared/contracts/feedback';
import {
  checkRow,
  MAX_LISTED_ERRORS,
  type ImportRow,
  type LineError,
} from '../../../../shared/feedback-import';
import { dedupeKeysOf, insertImported } from '../../database/repositories/feedback';
import { conflict, isUniqueViolation } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import { pluginConfig } from '../../utils/plugin-config';
import { textKey } from '../../subjects/subject-types';
import { rowId, type ModelDocument } from '../../types/documents';

export type { ImportResult };

/** Texts scored per call when imported rows get the champion's label. */
const SCORE_BATCH = 256;

/** A ValidationError listing the lines that cannot be imported, with their numbers. */
export function lineErrors(errorsFound: LineError[], where = 'line '): errors.ValidationError {
  const listed = errorsFound.slice(0, MAX_LISTED_ERRORS);
  const more =
    errorsFound.length > listed.length ? ` (and ${errorsFound.length - listed.length} more)` : '';
  const first = listed[0];
  return new errors.ValidationError(
    `${errorsFound.length} line(s) cannot be imported, nothing was: ${where}${first.line}: ${first.message}${more}`,
    {
      lines: listed,
      count: errorsFound.length,
    }
  );
}

/** Tries of an import that another import of the same rows keeps beating to the commit. */
const IMPORT_TRIES = 3;

/**
 * Runs an import's insert until it commits: another import of the same dataset may commit some
 * of the same rows first (the dedupe key is unique), and then this one rolls back and stores what
 * is still missing, so both answer and each row is stored once.
 */
async function insertFreshOnce<T>(insert: () => Promise<T>, dataset: string): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await insert();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (attempt === IMPORT_TRIES)
        throw conflict(
          `Other imports into "${dataset}" kept storing the same rows first; nothing of this one was kept. Import it again: rows already there are skipped.`,
          { dataset }
        );
    }
  }
}

/**
 * Labelled corpora imported as feedback of a named dataset. Idempotent: each line is keyed by the
 * dataset and its text, so importing the same file twice adds nothing, also two imports at once
 * (insertFreshOnce). Every line is checked before anything is written, and the writes are one
 * transaction: a bad file changes nothing.
 * Fresh rows get the champion's label (scored in batches before the transaction), so "predicted"
 * means the same for imported rows as for feedback given beside a prediction.
 */
const createDatasetsService = ({ strapi }: { strapi: Core.Strapi }) => {
  async function predictedLabels(
    model: ModelDocument,
    texts: string[]
  ): Promise<{ labels: Array<string | null>; version: number | null }> {
    const champion = getService(strapi, 'routing-table').champion(model.slug as string);
    if (!champion || !texts.length) return { labels: texts.map(() => null), version: null };
    const labels: Array<string | null> = [];
    for (let i = 0; i < texts.length; i += SCORE_BATCH) {
      const { rows, classLabels } = await getService(strapi, 'runtime').predictProba(
        champion.hash,
        texts.slice(i, i + SCORE_BATCH)
      );
      for (const p of rows) labels.push(classLabels[p.indexOf(Math.max(...p))] ?? null);
    }
    return { labels, version: champion.number };
  }

  return {
    /** A path relative to the configured data directory (MODEL_MANAGER_DATA_DIR, default ../shared/data). */
    resolveDataPath(file: string): string {
      return path.resolve(process.cwd(), pluginConfig(strapi).dataDir, file);
    },

    /**
     * Imports checked rows (`ImportRow`s, each with its line) as feedback of `dataset`; refuses the
     * whole set with every bad line listed when any row does not fit the model. `groupField` names
     * the field whose value groups rows that are not independent (kept as groupKey "<field>:<value>").
     */
    async importRows(
      model: ModelDocument,
      options: { dataset: string; rows: ImportRow[]; groupField?: string; where?: string }
    ): Promise<ImportResult> {
      const groupField = options.groupField ?? 'group';
      const labels = model.labels as string[];
      const bad: LineError[] = [];
      const rows = options.rows.flatMap((row) => {
        const checked = checkRow(row, labels, groupField);
        if (typeof checked === 'string') {
          bad.push({ line: row.line, message: checked });
          return [];
        }
        const groupKey =
          checked.group === undefined ? null : `${groupField}:${checked.group}`.slice(0, 255);
        return [{ text: checked.text, label: checked.label, groupKey }];
      });
      if (bad.length) throw lineErrors(bad, options.where);

      const giverKey = `import:${options.dataset}`;
      const keyOf = (text: string) =>
        [model.slug, options.dataset, giverKey, textKey(text)].join('|');
      /** The rows not stored yet, scored and inserted in one transaction. */
      const insertFresh = async () => {
        const existing = new Set(await dedupeKeysOf(strapi, rowId(model), options.dataset));
        const seen = new Set<string>();
        const fresh = rows.filter((row) => {
          const key = keyOf(row.text);
          if (existing.has(key) || seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        const predicted = await predictedLabels(
          model,
          fresh.map((r) => r.text)
        );
        await strapi.db.transaction(({ trx }) =>
          insertImported(
            strapi,
            trx,
            rowId(model),
            fresh.map(({ text, label, groupKey }, i) => ({
              text,
              label,
              giverKey,
              subjectKey: textKey(text),
              source: 'import' as const,
              dataset: options.dataset,
              groupKey: groupKey ?? undefined,
              dedupeKey: keyOf(text),
              predictedLabel: predicted.labels[i] ?? undefined,
              predictedVersion: predicted.labels[i] ? (predicted.version ?? undefined) : undefined,
            }))
          )
        );
        return { fresh, predicted };
      };
      const { fresh, predicted } = await insertFreshOnce(insertFresh, options.dataset);
      const scored = predicted.labels.filter(Boolean).length;
      return {
        dataset: options.dataset,
        read: rows.length,
        created: fresh.length,
        alreadyThere: rows.length - fresh.length,
        scored,
        scoredBy: scored ? predicted.version : null,
      };
    },

    /** A JSONL file of the data directory ({"text", "label"} per line), for the CLI import. */
    async importJsonl(
      slug: string,
      options: { dataset: string; file: string; groupField?: string }
    ): Promise<ImportResult> {
      const groupField = options.groupField ?? 'group';
      const model = await getService(strapi, 'models').requireModel(slug);
      const source = await fs
        .readFile(options.file, 'utf8')
        .catch((error: NodeJS.ErrnoException) => {
          throw new errors.ValidationError(
            `Cannot read ${options.file}: ${error.code ?? error.message}`
          );
        });
      const rows: ImportRow[] = [];
      const bad: LineError[] = [];
      source.split('\n').forEach((line, i) => {
        if (!line.trim()) return;
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          rows.push({
            line: i + 1,
            text: parsed.text as string,
            label: parsed.label as string,
            group: parsed[groupField] as string | undefined,
          });
        } catch {
          bad.push({ line: i + 1, message: 'not JSON' });
        }
      });
      if (bad.length) throw lineErrors(bad, `${options.file}:`);
      return this.importRows(model, {
        dataset: options.dataset,
        rows,
        groupField,
        where: `${options.file}:`,
      });
    },
  };
};

export type DatasetsService = ReturnType<typeof createDatasetsService>;
export default createDatasetsService;
