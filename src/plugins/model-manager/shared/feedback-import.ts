/**
 * Parsing of labelled files (JSONL or CSV) into rows with their line numbers, for the feedback
 * import: the admin parses the file and reports every malformed line before it sends anything,
 * and the server validates each chunk it receives again. Pure and zod-free (the admin imports it).
 */

export type ImportFormat = 'jsonl' | 'csv';

export interface ImportRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  text: string;
  label: string;
  group?: string;
}

export interface LineError {
  line: number;
  message: string;
}

export interface ParsedImport {
  rows: ImportRow[];
  errors: LineError[];
}

/** Files bigger than this are refused before parsing (the admin) and rows longer than TEXT_MAX by both sides. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
export const IMPORT_TEXT_MAX = 20_000;
/** Rows per request of a chunked import: each chunk is one transaction on the server. */
export const IMPORT_CHUNK_ROWS = 200;
/** At most this many line errors are listed; the count says how many there were. */
export const MAX_LISTED_ERRORS = 50;

export function formatOf(fileName: string): ImportFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.csv')) return 'csv';
  return null;
}

/** Checks one candidate row against the model's labels; returns the row or the reason it is refused. */
export function checkRow(
  raw: { text?: unknown; label?: unknown; group?: unknown },
  labels: readonly string[],
  groupField = 'group'
): Omit<ImportRow, 'line'> | string {
  if (typeof raw.text !== 'string' || !raw.text.trim()) return '"text" must be a non-empty string';
  if (raw.text.length > IMPORT_TEXT_MAX)
    return `"text" is longer than ${IMPORT_TEXT_MAX} characters`;
  if (raw.text.includes('\u0000')) return '"text" contains a NUL character';
  if (typeof raw.label !== 'string' || !labels.includes(raw.label.trim()))
    return `"label" must be one of ${labels.join(', ')}`;
  const group = raw.group;
  if (
    group !== undefined &&
    group !== null &&
    group !== '' &&
    typeof group !== 'string' &&
    typeof group !== 'number'
  ) {
    return `"${groupField}" must be a string or a number`;
  }
  const row: Omit<ImportRow, 'line'> = { text: raw.text, label: raw.label.trim() };
  if (group !== undefined && group !== null && group !== '')
    row.group = String(group).slice(0, 200);
  return row;
}

function parseJsonl(source: string, labels: readonly string[], groupField: string): ParsedImport {
  const rows: ImportRow[] = [];
  const errors: LineError[] = [];
  source.split('\n').forEach((text, i) => {
    const line = i + 1;
    if (!text.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      errors.push({ line, message: 'not valid JSON' });
      return;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      errors.push({ line, message: 'not a JSON object' });
      return;
    }
    const record = parsed as Record<string, unknown>;
    const checked = checkRow(
      { text: record.text, label: record.label, group: record[groupField] },
      labels,
      groupField
    );
    if (typeof checked === 'string') errors.push({ line, message: checked });
    else rows.push({ line, ...checked });
  });
  return { rows, errors };
}

/** RFC 4180 records (quoted fields may hold commas, quotes and newlines), each with its starting line. */
export function csvRecords(source: string): Array<{ line: number; fields: string[] } | LineError> {
  const out: Array<{ line: number; fields: string[] } | LineError> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const end = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0].trim()) out.push({ line: start, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      end();
      line++;
      start = line;
    } else field += c;
  }
  if (quoted) out.push({ line: start, message: 'a quoted field is never closed' });
  else end();
  return out;
}

function parseCsv(source: string, labels: readonly string[], groupField: string): ParsedImport {
  const records = csvRecords(source.replace(/^\uFEFF/, ''));
  const rows: ImportRow[] = [];
  const errors: LineError[] = [];
  const [header, ...body] = records;
  if (!header || 'message' in header)
    return {
      rows,
      errors: [header && 'message' in header ? header : { line: 1, message: 'the file is empty' }],
    };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const column = (name: string) => names.indexOf(name);
  if (column('text') < 0 || column('label') < 0) {
    return {
      rows,
      errors: [
        {
          line: header.line,
          message: 'the first line must name the columns, with "text" and "label" among them',
        },
      ],
    };
  }
  for (const record of body) {
    if ('message' in record) {
      errors.push(record);
      continue;
    }
    if (record.fields.length !== names.length) {
      errors.push({
        line: record.line,
        message: `expected ${names.length} fields, found ${record.fields.length}`,
      });
      continue;
    }
    const at = (name: string) =>
      column(name) >= 0 ? undefused(record.fields[column(name)]) : undefined;
    const checked = checkRow(
      { text: at('text'), label: at('label'), group: at(groupField) },
      labels,
      groupField
    );
    if (typeof checked === 'string') errors.push({ line: record.line, message: checked });
    else rows.push({ line: record.line, ...checked });
  }
  return { rows, errors };
}

/** Every row of the file and every line that cannot be imported, with the reason. */
export function parseImport(
  source: string,
  format: ImportFormat,
  labels: readonly string[],
  groupField = 'group'
): ParsedImport {
  return format === 'csv'
    ? parseCsv(source, labels, groupField)
    : parseJsonl(source, labels, groupField);
}

/** Rows in chunks of `size`, the unit of a chunked import. */
export function chunksOf<T>(rows: readonly T[], size = IMPORT_CHUNK_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * A cell a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage
 * return) is written behind an apostrophe, which spreadsheets show as text; the importer takes
 * that apostrophe off again, so an export still imports to the same rows.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const defused = (value: string) => (FORMULA_START.test(value) ? `'${value}` : value);
const undefused = (value: string) => (/^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value);

const csvField = (raw: string) => {
  const value = defused(raw);
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
};

/** One exported line: a JSON object, or a CSV record (the header comes from `exportHeader`). */
export function exportLine(
  row: Record<string, string | number | null | undefined>,
  format: ImportFormat,
  columns: readonly string[]
): string {
  if (format === 'jsonl')
    return JSON.stringify(Object.fromEntries(columns.map((c) => [c, row[c] ?? null])));
  return columns
    .map((c) => csvField(row[c] === null || row[c] === undefined ? '' : String(row[c])))
    .join(',');
}

export const exportHeader = (columns: readonly string[]) => columns.join(',');
