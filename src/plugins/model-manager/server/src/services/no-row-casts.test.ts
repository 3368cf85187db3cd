import fs from 'fs';
import path from 'path';
import ts from 'typescript';

/**
 * Services read tables through database/repositories/, whose functions parse every row (zod):
 * PostgreSQL answers bigint, numeric and count columns as strings, so a cast like
 * `(await query.findMany(...)) as Array<{ id: number }>` states a type the row may not have. This
 * fails on any `as` applied to the result of a query (awaited or not) in a non-test service file.
 * Documents (strapi.documents(...)) are not rows: their types are types/documents.ts.
 */
const DOCUMENTS = /\.documents\s*\(/;
const QUERY_CALL =
  /\.\s*(findMany|findOne|findFirst|first|select|count|sum|pluck|raw|where|join|orderBy|limit|returning)\s*\(/;

const unwrap = (node: ts.Expression): ts.Expression =>
  ts.isParenthesizedExpression(node) || ts.isAwaitExpression(node) ? unwrap(node.expression) : node;

/** `file:line: cast` for every cast of a query's result in one source text. */
export function rowCasts(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
      const operand = unwrap(node.expression);
      const isConst = ts.isConstTypeReference(node.type);
      const call = ts.isCallExpression(operand) ? operand.getText(source) : '';
      if (!isConst && QUERY_CALL.test(call) && !DOCUMENTS.test(call)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push(`${file}:${line + 1}: as ${node.type.getText(source).replace(/\s+/g, ' ')}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function serviceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return serviceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('no service casts the rows a query answers', () => {
  it('finds a cast of an awaited findMany, of knex queries and of a query promise', () => {
    const text = [
      'const a = (await strapi.db.query(UID).findMany({})) as Array<{ id: number }>;',
      "const b = (await db('t').where({ id }).first('n')) as { n: number } | undefined;",
      'const c = () => strapi.db.query(UID).findMany({}) as Promise<Row[]>;',
      "const d = (await db('t').where({ id }).orderBy('id').limit(9)) as Row[];",
    ].join('\n');

    expect(rowCasts('x.ts', text)).toEqual([
      'x.ts:1: as Array<{ id: number }>',
      'x.ts:2: as { n: number } | undefined',
      'x.ts:3: as Promise<Row[]>',
      'x.ts:4: as Row[]',
    ]);
  });

  it('leaves casts of what is not a query result alone', () => {
    const text = [
      'const labels = model.labels as string[];',
      "const kinds = ['a', 'b'] as const;",
      'const none = [] as Row[];',
      'const doc = (await strapi.documents(UID).findFirst({})) as ModelDocument | null;',
      'const rows = await parseRows(schema, await db(T).select("id"));',
    ].join('\n');

    expect(rowCasts('x.ts', text)).toEqual([]);
  });

  it('holds for every service file', () => {
    const root = path.join(__dirname, '..', '..', '..', '..', '..', '..');
    const casts = serviceFiles(__dirname).flatMap((file) =>
      rowCasts(path.relative(root, file), fs.readFileSync(file, 'utf8'))
    );
    expect(casts).toEqual([]);
  });
});
