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
  const user = db.prepare('SELECT * FROM up_users WHERE id = ?').get(templateId) as Record<
    string,
    unknown
  >;
  const linkTable = (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'up_users_role%lnk'"
      )
      .get() as { name: string }
  ).name;
  const link = db.prepare(`SELECT * FROM ${linkTable} WHERE user_id = ?`).get(templateId) as Record<
    string,
    unknown
  >;
  const own = db
    .prepare(
      'SELECT p.model_id, p.weights FROM mm_personal_models p JOIN mm_models m ON m.id = p.model_id WHERE p.user_id = ? AND m.slug = ?'
    )
    .get(templateId, slug) as { model_id: number; weights: string };
  const hash = (JSON.parse(own.weights) as { h: string }).h;

  // `distinct` corrections, as a refit would write them against the served champion.
  const random = seededRandom(23);
  const weights: string[] = [];
  for (let d = 0; d < distinct; d += 1) {
    const picked = Array.from({ length: 12 }, () => Math.floor(random() * fitted.texts.length));
    const c = fitCorrection(
      picked.map((i) => ({ text: fitted.texts[i], label: fitted.labels[i], base: fitted.base[i] })),
      2,
      hash
    );
    weights.push(serialize(c));
  }

  const userColumns = Object.keys(user).filter((c) => c !== 'id');
  const insertUser = db.prepare(
    `INSERT INTO up_users (${userColumns.join(', ')}) VALUES (${userColumns.map(() => '?').join(', ')})`
  );
  const linkColumns = Object.keys(link).filter((c) => c !== 'id');
  const insertLink = db.prepare(
    `INSERT INTO ${linkTable} (${linkColumns.join(', ')}) VALUES (${linkColumns.map(() => '?').join(', ')})`
  );
  const insertModel = db.prepare(
    'INSERT INTO mm_personal_models (model_id, user_id, labels, revision, weights, created_at_ms, updated_at_ms) VALUES (?, ?, 12, 1, ?, ?, ?)'
  );
  const jwts: string[] = [];
  const now = Date.now();
  db.transaction(() => {
    for (let r = 0; r < n; r += 1) {
      const username = `seeded-reader-${r}`;
      const values = userColumns.map((c) =>
        c === 'username'
          ? username
          : c === 'email'
            ? `${username}@example.test`
            : c === 'document_id'
              ? randomUUID().replace(/-/g, '').slice(0, 24)
              : user[c]
      );
      const id = Number(insertUser.run(...values).lastInsertRowid);
      insertLink.run(...linkColumns.map((c) => (c === 'user_id' ? id : link[c])));
      insertModel.run(own.model_id, id, weights[r % distinct], now, now);
      jwts.push(jwt.sign({ id }, jwtSecret, { expiresIn: '1d' }));
    }
  })();
  db.close();
  return {
    jwts,
    meanJsonBytes: weights.reduce((a, w) => a + w.length, 0) / weights.length,
  };
}
