/** Reading labelled JSON-lines files (one `{ text, label, ... }` object a line). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LabelledText } from './pipeline';

/** Where the shared data lives: MODEL_MANAGER_DATA_DIR, else ../shared/data beside the repo. */
export function defaultDataDir(): string {
  return process.env.MODEL_MANAGER_DATA_DIR ?? path.resolve(process.cwd(), '../shared/data');
}

/** One `{ "text": string, "label": string, ... }` object per line; other fields are dropped unless kept. */
export function readLabelledJsonl<K extends string = never>(
  file: string,
  keep: readonly K[] = []
): (LabelledText & Record<K, unknown>)[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: (LabelledText & Record<K, unknown>)[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const row = JSON.parse(line) as Record<string, unknown>;
    if (typeof row.text !== 'string' || typeof row.label !== 'string') {
      throw new Error(`${file}:${i + 1}: expected string "text" and "label"`);
    }
    const item = { text: row.text, label: row.label } as LabelledText & Record<K, unknown>;
    for (const k of keep) (item as Record<string, unknown>)[k] = row[k];
    out.push(item);
  });
  return out;
}
