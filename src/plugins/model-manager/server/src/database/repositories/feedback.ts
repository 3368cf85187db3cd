import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { z } from '@strapi/utils';
import { FEEDBACK_SOURCES, UIDS } from '../../../../shared/constants';
import { instant, int, parseRow, parseRows } from './rows';

/**
 * mm_feedbacks (content-types/feedback.ts) as the services read it through the query engine,
 * every row parsed. `id` is selected wherever the where clause goes through the model relation:
 * Strapi then selects DISTINCT, which would merge rows equal in the other columns.
 */
type Where = Record<string, unknown>;
const query = (strapi: Core.Strapi) => strapi.db.query(UIDS.feedback);
const ofModel = (modelId: number, where: Where = {}) => ({ model: { id: modelId }, ...where });

/** One string column of a model's rows that match `where` (one value per row, in no set order). */
async function columnOf(
  strapi: Core.Strapi,
  modelId: number,
  where: Where,
  column: 'subjectKey' | 'dedupeKey' | 'giverKey' | 'documentId'
): Promise<string[]> {
  const rows = await query(strapi).findMany({
    where: ofModel(modelId, where),
    select: ['id', column],
  });
  return parseRows(z.object({ [column]: z.string() }), rows).map((r) => r[column] as string);
}

const text = z.string().nullable();
const datasetRow = z.object({
  id: int,
  text,
  label: z.string(),
  subjectKey: z.string(),
  groupKey: z.string().nullable(),
});
const provenanceRow = z.object({
  id: int,
  label: z.string(),
  subjectKey: z.string(),
  source: z.enum(FEEDBACK_SOURCES),
  giverKey: z.string(),
});
export type ProvenanceRow = z.infer<typeof provenanceRow>;
const tallyRow = z.object({ label: z.string(), dataset: z.string(), source: z.string() });
const giverRow = z.object({ id: int, giverKey: z.string() });
const voteRow = z.object({ subjectKey: z.string(), giverKey: z.string(), label: z.string() });
const subjectLabel = z.object({ subjectKey: z.string(), label: z.string() });
const latestRow = z.object({
  id: int,
  text,
  label: z.string(),
  subjectKey: z.string(),
  updatedAt: instant,
});

/** Texts, labels and group keys of a model's rows matching `where`, by id. */
export async function datasetRows(strapi: Core.Strapi, modelId: number, where: Where) {
  const rows = await query(strapi).findMany({
    where: ofModel(modelId, where),
    select: ['id', 'text', 'label', 'subjectKey', 'groupKey'],
    orderBy: { id: 'asc' },
  });
  return parseRows(datasetRow, rows);
}

/** Who gave each of a model's rows matching `where` and where it came from, by id. */
export async function provenanceRows(strapi: Core.Strapi, modelId: number, where: Where) {
  const rows = await query(strapi).findMany({
    where: ofModel(modelId, where),
    select: ['id', 'label', 'subjectKey', 'source', 'giverKey'],
    orderBy: { id: 'asc' },
  });
  return parseRows(provenanceRow, rows);
}

/** Subject keys of a model's rows in one dataset (one per row). */
export const subjectKeysOf = (strapi: Core.Strapi, modelId: number, dataset: string) =>
  columnOf(strapi, modelId, { dataset }, 'subjectKey');

/** Dedupe keys of a model's rows in one dataset (what an import skips). */
export const dedupeKeysOf = (strapi: Core.Strapi, modelId: number, dataset: string) =>
  columnOf(strapi, modelId, { dataset }, 'dedupeKey');

/** An imported row as stored (content-types/feedback.ts), without its model, id and timestamps. */
export interface NewImportedRow {
  text: string;
  label: string;
  giverKey: string;
  subjectKey: string;
  source: 'import';
  dataset: string;
  groupKey?: string;
  dedupeKey: string;
  predictedLabel?: string;
  predictedVersion?: number;
}

/** Rows inserted per statement: the query engine slices further to the dialect's batch size. */
const INSERT_SLICE = 500;

/**
 * Imported rows of a model, inserted a slice at a time through the query engine, in the caller's
 * transaction. Not one document-service create per row: a row checked beforehand needs none of
 * its validation, and those creates allocated about 1 MiB a row (entity validator, transforms),
 * hundreds of MiB of garbage a corpus that V8 left in the serving process's heap while it idled.
 * The document id is the database's default (a cuid, as the document service's); a table
 * without draft and publish has every row published, as the document service would store it.
 */
export async function insertImported(
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  modelId: number,
  rows: NewImportedRow[]
) {
  const now = new Date();
  for (let i = 0; i < rows.length; i += INSERT_SLICE) {
    const data = rows
      .slice(i, i + INSERT_SLICE)
      .map((row) => ({ ...row, createdAt: now, updatedAt: now, publishedAt: now }));
    const { ids } = await query(strapi).createMany({ data }); // in `trx`: the context's transaction
    // createMany leaves relations out: the model's link, as a create would make it
    for (const id of ids)
      await strapi.db.entityManager.attachRelations(
        UIDS.feedback,
        id,
        { model: modelId },
        { transaction: trx }
      );
  }
}

/** Label, dataset and source of every row matching the (document) filters: what stats count. */
export async function tallyRows(strapi: Core.Strapi, filters: Where) {
  const rows = await query(strapi).findMany({
    where: filters,
    select: ['id', 'label', 'dataset', 'source'],
  });
  return parseRows(tallyRow, rows);
}

/** The giver key of each of a model's rows. */
export const giverKeysOf = (strapi: Core.Strapi, modelId: number) =>
  columnOf(strapi, modelId, {}, 'giverKey');

/** Ids and giver keys of a model's rows given by these givers, by id. */
export async function rowsOfGivers(strapi: Core.Strapi, modelId: number, giverKeys: string[]) {
  const rows = await query(strapi).findMany({
    where: ofModel(modelId, { giverKey: { $in: giverKeys } }),
    select: ['id', 'giverKey'],
    orderBy: { id: 'asc' },
  });
  return parseRows(giverRow, rows);
}

/** Readers' labels on a model by these accounts (giver keys). */
export async function readerVotes(strapi: Core.Strapi, modelId: number, giverKeys: string[]) {
  const rows = await query(strapi).findMany({
    where: ofModel(modelId, { source: 'reader', giverKey: { $in: giverKeys } }),
    select: ['id', 'subjectKey', 'giverKey', 'label'],
  });
  return parseRows(voteRow, rows);
}

/** Subject and label of a model's rows matching `where`, by id. */
export async function subjectLabels(strapi: Core.Strapi, modelId: number, where: Where) {
  const rows = await query(strapi).findMany({
    where: ofModel(modelId, where),
    select: ['id', 'subjectKey', 'label'],
    orderBy: { id: 'asc' },
  });
  return parseRows(subjectLabel, rows);
}

/** One giver's latest `limit` rows on a model, newest first. */
export async function latestOfGiver(
  strapi: Core.Strapi,
  modelId: number,
  giverKey: string,
  limit: number
) {
  const rows = await query(strapi).findMany({
    where: ofModel(modelId, { giverKey }),
    select: ['id', 'text', 'label', 'subjectKey', 'updatedAt'],
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    limit,
  });
  return parseRows(latestRow, rows);
}

/** Document ids of one giver's rows on a model. */
export const documentIdsOfGiver = (strapi: Core.Strapi, modelId: number, giverKey: string) =>
  columnOf(strapi, modelId, { giverKey }, 'documentId');

/** The texts of a model's latest `limit` rows (null for none), newest first. */
export async function latestTexts(strapi: Core.Strapi, modelId: number, limit: number) {
  const rows = await query(strapi).findMany({
    where: ofModel(modelId),
    select: ['id', 'text'],
    orderBy: { id: 'desc' },
    limit,
  });
  return parseRows(z.object({ text }), rows).map((r) => r.text);
}

/** When a row was created (null when it is gone), read from the table itself by id. */
export async function createdAtOf(strapi: Core.Strapi, id: number) {
  const row: unknown = await strapi.db.connection('mm_feedbacks').where({ id }).first('created_at');
  return parseRow(z.object({ created_at: instant }), row)?.created_at ?? null;
}
