/**
 * 10,000 readers for a serving Strapi without 10,000 bcrypt hashes (registering each through the
 * API would take minutes): one reader registered through the API is copied in the database file
 * N times (its users row and role link, with a new username, email and document id); each copy
 * gets a personal-model row whose weights are a correction fitted to 12 random train utterances
 * against the served champion (as a refit writes it), and a JWT signed with the app's secret.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { ROOT } from '../../harness/app-process';
import { fitCorrection } from '../../src/plugins/model-manager/server/src/ml/personal-correction';
import { serialize } from '../../src/plugins/model-manager/server/src/ml/correction-codec';
import { seededRandom } from '../../src/plugins/model-manager/server/src/ml/random';

type Row = Record<string, unknown>;

/** Copies the registered reader `templateId` into `n` readers with personal rows of `model`; their JWTs. */
export function seedReaders(
  dbFile: string,
  templateId: number,
  slug: string,
  n: number,
  jwtSecret: string,
  fitted: { texts: string[]; base: number[][]; labels: number[] },
  distinct = 500
): { jwts: string[]; meanJsonBytes: number } {
  const db = new Database(path.resolve(ROOT, dbFile));
  db.pragma('busy_timeout = 10000');
  const get = (sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as Row;
  const statements = new Map<string, ReturnType<typeof db.prepare>>();
  const insert = (table: string, row: Row) => {
    const sql = `INSERT INTO ${table} (${Object.keys(row)}) VALUES (${Object.keys(row).map(() => '?')})`;
    if (!statements.has(sql)) statements.set(sql, db.prepare(sql));
    return Number(statements.get(sql)!.run(...Object.values(row)).lastInsertRowid);
  };
  const { id: _user, ...user } = get('SELECT * FROM up_users WHERE id = ?', templateId);
  const linkTable = get(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'up_users_role%lnk'"
  ).name as string;
  const { id: _link, ...link } = get(`SELECT * FROM ${linkTable} WHERE user_id = ?`, templateId);
  const own = get(
    'SELECT p.model_id, p.weights FROM mm_personal_models p JOIN mm_models m ON m.id = p.model_id WHERE p.user_id = ? AND m.slug = ?',
    templateId,
    slug
  );
  const hash = (JSON.parse(own.weights as string) as { h: string }).h;

  // `distinct` corrections, as a refit would write them against the served champion.
  const random = seededRandom(23);
  const weights = Array.from({ length: distinct }, () => {
    const picked = Array.from({ length: 12 }, () => Math.floor(random() * fitted.texts.length));
    const { texts, labels, base } = fitted;
    const examples = picked.map((i) => ({ text: texts[i], label: labels[i], base: base[i] }));
    return serialize(fitCorrection(examples, 2, hash));
  });

  const jwts: string[] = [];
  const now = Date.now();
  db.transaction(() => {
    for (let r = 0; r < n; r += 1) {
      const username = `seeded-reader-${r}`;
      const email = `${username}@example.test`;
      const document_id = randomUUID().replace(/-/g, '').slice(0, 24);
      const id = insert('up_users', { ...user, username, email, document_id });
      insert(linkTable, { ...link, user_id: id });
      const row = { model_id: own.model_id, user_id: id, labels: 12, revision: 1 };
      const at = { created_at_ms: now, updated_at_ms: now };
      insert('mm_personal_models', { ...row, weights: weights[r % distinct], ...at });
      jwts.push(jwt.sign({ id }, jwtSecret, { expiresIn: '1d' }));
    }
  })();
  db.close();
  return { jwts, meanJsonBytes: weights.reduce((a, w) => a + w.length, 0) / weights.length };
}
