import {
  chunksOf,
  csvRecords,
  exportHeader,
  exportLine,
  formatOf,
  IMPORT_TEXT_MAX,
  parseImport,
} from './feedback-import';

const LABELS = ['blue', 'red'];

describe('parsing a feedback import', () => {
  it('reads JSONL rows with their line numbers, skipping blank lines', () => {
    const source =
      '{"text":"Cut taxes","label":"red"}\n\n{"text":"Health care","label":"blue","group":"d1"}\n';

    const { rows, errors } = parseImport(source, 'jsonl', LABELS);

    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 1, text: 'Cut taxes', label: 'red' },
      { line: 3, text: 'Health care', label: 'blue', group: 'd1' },
    ]);
  });

  it('reports every malformed JSONL line with its number and the reason', () => {
    const source = [
      '{"text":"ok","label":"red"}',
      'not json',
      '[1,2]',
      '{"text":"x","label":"green"}',
      '{"label":"red"}',
      `{"text":"${'a'.repeat(IMPORT_TEXT_MAX + 1)}","label":"red"}`,
    ].join('\n');

    const { rows, errors } = parseImport(source, 'jsonl', LABELS);

    expect(rows).toHaveLength(1);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6]);
    expect(errors[0].message).toBe('not valid JSON');
    expect(errors[2].message).toBe('"label" must be one of blue, red');
    expect(errors[3].message).toBe('"text" must be a non-empty string');
    expect(errors[4].message).toMatch(/longer than/);
  });

  it('reads CSV with quoted commas, quotes and newlines, numbering lines of the file', () => {
    const source =
      'label,text\r\nred,"Build it, now"\nblue,"She said ""no""\nand left"\nred,plain\n';

    const { rows, errors } = parseImport(source, 'csv', LABELS);

    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, text: 'Build it, now', label: 'red' },
      { line: 3, text: 'She said "no"\nand left', label: 'blue' },
      { line: 5, text: 'plain', label: 'red' },
    ]);
  });

  it('refuses a CSV without text and label columns, and rows with the wrong field count', () => {
    expect(parseImport('body,tag\nx,red\n', 'csv', LABELS).errors).toEqual([
      { line: 1, message: expect.stringMatching(/"text" and "label"/) },
    ]);

    const { rows, errors } = parseImport(
      'text,label\nfine,red\ntoo,many,fields\n"never closed,red\n',
      'csv',
      LABELS
    );

    expect(rows).toHaveLength(1);
    expect(errors).toEqual([
      { line: 3, message: 'expected 2 fields, found 3' },
      { line: 4, message: 'a quoted field is never closed' },
    ]);
  });

  it('exports lines that parse back to the same rows', () => {
    const columns = ['text', 'label'];
    const rows = [
      { text: 'a, "quoted"\nline', label: 'red' },
      { text: 'plain', label: 'blue' },
      { text: '=HYPERLINK("http://x.test","click")', label: 'red' },
      { text: '-2 percent, +3 percent', label: 'blue' },
    ];
    const csv = [exportHeader(columns), ...rows.map((r) => exportLine(r, 'csv', columns))].join(
      '\n'
    );
    const jsonl = rows.map((r) => exportLine(r, 'jsonl', columns)).join('\n');

    expect(
      parseImport(csv, 'csv', LABELS).rows.map(({ text, label }) => ({ text, label }))
    ).toEqual(rows);
    expect(
      parseImport(jsonl, 'jsonl', LABELS).rows.map(({ text, label }) => ({ text, label }))
    ).toEqual(rows);
    expect(csvRecords('a,b\n').length).toBe(1);
  });

  it('writes no CSV cell a spreadsheet would run as a formula', () => {
    const columns = ['text', 'label'];
    const cells = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', 'fine'].map(
      (text) => csvRecords(exportLine({ text, label: 'red' }, 'csv', columns))[0]
    );
    const first = cells.map((r) => ('fields' in r ? r.fields[0] : r.message));
    expect(first).toEqual([`'=1+1`, `'+SUM(A1)`, `'-2+3`, `'@cmd`, `'\tx`, 'fine']);
  });

  it('knows formats by extension and chunks rows', () => {
    expect(formatOf('x.JSONL')).toBe('jsonl');
    expect(formatOf('x.csv')).toBe('csv');
    expect(formatOf('x.txt')).toBeNull();
    expect(chunksOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
