import { promises as fs } from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UIDS } from '../../../shared/constants';
import { getService } from '../utils/get-service';
import { pluginConfig } from '../utils/plugin-config';
import { sha256 } from './feedback';

export interface ImportResult {
  dataset: string;
  read: number;
  created: number;
  alreadyThere: number;
}

/**
 * Labelled corpora imported as feedback of a named dataset. Idempotent: each line is keyed by the
 * dataset and its text, so importing the same file twice adds nothing. Every line is checked
 * before anything is written, and the writes are one transaction: a bad file changes nothing.
 */
const createDatasetsService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** A path relative to the configured data directory (MODEL_MANAGER_DATA_DIR, default ../shared/data). */
  resolveDataPath(file: string): string {
    return path.resolve(process.cwd(), pluginConfig(strapi).dataDir, file);
  },

  /**
   * `groupField` names the field whose value groups rows that are not independent (the debates'
   * `debate`); it is kept as the row's groupKey "<field>:<value>" for grouped folds and the
   * cluster bootstrap. Default "group"; a line without it has no group.
   */
  async importJsonl(
    slug: string,
    options: { dataset: string; file: string; groupField?: string; onProgress?: (done: number, total: number) => void }
  ): Promise<ImportResult> {
    const groupField = options.groupField ?? 'group';
    const model = await getService(strapi, 'models').requireModel(slug);
    const labels = model.labels as string[];
    const source = await fs.readFile(options.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new errors.ValidationError(`Cannot read ${options.file}: ${error.code ?? error.message}`);
    });
    const lines = source.split('\n').map((line, i) => ({ line, number: i + 1 })).filter(({ line }) => line.trim());
    const rows = lines.map(({ line, number }) => {
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new errors.ValidationError(`${options.file}:${number}: not JSON`);
      }
      if (typeof parsed.text !== 'string' || !parsed.text.trim()) throw new errors.ValidationError(`${options.file}:${number}: "text" must be a non-empty string`);
      if (typeof parsed.label !== 'string' || !labels.includes(parsed.label)) {
        throw new errors.ValidationError(`${options.file}:${number}: "label" must be one of ${labels.join(', ')}`);
      }
      const group = parsed[groupField];
      if (group !== undefined && group !== null && typeof group !== 'string' && typeof group !== 'number') {
        throw new errors.ValidationError(`${options.file}:${number}: "${groupField}" must be a string or a number`);
      }
      const groupKey = group === undefined || group === null || group === '' ? null : `${groupField}:${String(group)}`.slice(0, 255);
      return { text: parsed.text, label: parsed.label, groupKey };
    });

    const giverKey = `import:${options.dataset}`;
    const keyOf = (text: string) => [model.slug, options.dataset, giverKey, `text:${sha256(text)}`].join('|');
    const existing = new Set(
      ((await strapi.db.query(UIDS.feedback).findMany({ where: { dataset: options.dataset, model: { id: model.id } }, select: ['dedupeKey'] })) as Array<{ dedupeKey: string }>).map(
        (r) => r.dedupeKey
      )
    );
    const seen = new Set<string>();
    const fresh = rows.filter((row) => {
      const key = keyOf(row.text);
      if (existing.has(key) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });

    await strapi.db.transaction(async () => {
      for (let i = 0; i < fresh.length; i += 1) {
        const { text, label, groupKey } = fresh[i];
        await strapi.documents(UIDS.feedback).create({
          data: {
            model: model.documentId,
            text,
            label,
            giverKey,
            subjectKey: `text:${sha256(text)}`,
            source: 'import',
            dataset: options.dataset,
            groupKey,
            dedupeKey: keyOf(text),
          } as never,
        });
        if ((i + 1) % 500 === 0) options.onProgress?.(i + 1, fresh.length);
      }
    });
    return { dataset: options.dataset, read: rows.length, created: fresh.length, alreadyThere: rows.length - fresh.length };
  },
});

export type DatasetsService = ReturnType<typeof createDatasetsService>;
export default createDatasetsService;
