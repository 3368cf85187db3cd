import { z } from '@strapi/utils';

/**
 * What every repository parses its rows with, so no service casts one. PostgreSQL answers bigint,
 * numeric and count columns as strings and SQLite as numbers, hence the coercions.
 */
export const num = z.coerce.number();
export const int = z.coerce.number().int();
export const nullableNumber = z.union([z.null(), z.coerce.number()]);
/** A datetime as the query engine answers it: a Date, an ISO string or (SQLite) milliseconds. */
export const instant = z.union([z.date(), z.string(), z.number()]);

export const parseRows = <S extends z.ZodType>(schema: S, rows: unknown): Array<z.output<S>> =>
  z.array(schema).parse(rows);

/** One row, or null when the query found none (knex's first() answers undefined, findOne null). */
export const parseRow = <S extends z.ZodType>(schema: S, row: unknown): z.output<S> | null =>
  row === undefined || row === null ? null : schema.parse(row);
