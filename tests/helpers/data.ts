import fs from 'fs';
import path from 'path';

/** The shared data folder (never inside the repository): MODEL_MANAGER_DATA_DIR or ../shared/data. */
export const DATA_DIR = path.resolve(
  process.env.MODEL_MANAGER_DATA_DIR ?? path.join(__dirname, '..', '..', '..', 'shared', 'data')
);

export const FOREIGN_MODEL = path.join(DATA_DIR, 'models', 'sklearn_tfidf_lr.onnx');

export interface TestVectors {
  texts: string[];
  labels: string[];
  sklearn_proba_red: number[];
}

export function foreignTestVectors(): TestVectors {
  return JSON.parse(
    fs.readFileSync(path.join(DATA_DIR, 'models', 'sklearn_tfidf_lr.testvectors.json'), 'utf8')
  );
}

export function readJsonl<T>(file: string): T[] {
  return fs
    .readFileSync(path.join(DATA_DIR, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

/** The first n/2 rows of each party, alternating, so small sets hold both classes. */
export function balanced<T extends { label: string }>(rows: T[], n: number): T[] {
  const blue = rows.filter((r) => r.label === 'blue');
  const red = rows.filter((r) => r.label === 'red');
  return Array.from({ length: n }, (_, i) => (i % 2 ? red : blue)[Math.floor(i / 2)]);
}

/** Texts of another domain (Spanish function words in a seeded random order), 60 words each. */
export function spanishTexts(count: number, seed = 7): string[] {
  const words = 'el la de que y en un se no por con su para como pero más o este otro ese'.split(
    ' '
  );
  let s = seed;
  const next = () => (s = (s * 16807) % 2147483647) / 2147483647;
  return Array.from({ length: count }, () =>
    Array.from({ length: 60 }, () => words[Math.floor(next() * words.length)]).join(' ')
  );
}
