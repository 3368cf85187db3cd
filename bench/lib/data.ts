/** The shared data (never copied into the repo): MODEL_MANAGER_DATA_DIR, else ../shared/data beside the repo. */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './strapi';

export function dataDir(): string {
  return process.env.MODEL_MANAGER_DATA_DIR
    ? path.resolve(process.env.MODEL_MANAGER_DATA_DIR)
    : path.resolve(REPO_ROOT, '..', 'shared', 'data');
}

export interface LabelledRow {
  text: string;
  label: string;
}

export function readJsonl(relative: string): LabelledRow[] {
  const file = path.join(dataDir(), relative);
  if (!fs.existsSync(file))
    throw new Error(`data file not found: ${file} (set MODEL_MANAGER_DATA_DIR)`);
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const row = JSON.parse(line);
      return { text: String(row.text), label: String(row.label) };
    });
}

export const FOREIGN_MODEL = (): string => path.join(dataDir(), 'models', 'sklearn_tfidf_lr.onnx');
