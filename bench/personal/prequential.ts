/**
 * Prequential evaluation of personal corrections: each debate plays one reader who labels its
 * utterances in order; every utterance is first predicted (global alone, and global + the reader's
 * correction so far), then learnt. The correction answers only once the reader has `minLabels`
 * labels, as in serving.
 */
import fs from 'node:fs';
import path from 'node:path';
import { accuracy, macroF1 } from '../../src/plugins/model-manager/server/src/ml/metrics';
import {
  corrected,
  emptyCorrection,
  features,
  learn,
  type OnlineOptions,
} from '../../src/plugins/model-manager/server/src/ml/personal-correction';
import { FOREIGN_MODEL, dataDir } from '../lib/data';
import { openSession } from '../lib/ort';

export interface Utterance {
  text: string;
  label: string;
  debate: string;
}

export interface DebateFigures {
  debate: string;
  n: number;
  global: { accuracy: number; macroF1: number };
  personal: { accuracy: number; macroF1: number };
}

export function readDebates(relative: string): Utterance[] {
  return fs
    .readFileSync(path.join(dataDir(), relative), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Utterance);
}

/** Base probabilities of every text, from the foreign scikit-learn export, in chunks. */
export async function baseProbabilities(
  texts: string[]
): Promise<{ rows: number[][]; classLabels: string[] }> {
  const session = await openSession(fs.readFileSync(FOREIGN_MODEL()));
  const rows: number[][] = [];
  const width = session.classLabels.length;
  for (let i = 0; i < texts.length; i += 64) {
    const out = await session.predict(texts.slice(i, i + 64));
    for (let j = 0; j < out.length / width; j += 1)
      rows.push(Array.from(out.subarray(j * width, (j + 1) * width)));
  }
  await session.release();
  return { rows, classLabels: session.classLabels };
}

const argmax = (p: number[]) => p.indexOf(Math.max(...p));

export function prequential(
  rows: Utterance[],
  base: number[][],
  classLabels: string[],
  minLabels: number,
  options?: OnlineOptions
): { debates: DebateFigures[]; overall: DebateFigures } {
  const byDebate = new Map<string, number[]>();
  rows.forEach((r, i) => byDebate.set(r.debate, [...(byDebate.get(r.debate) ?? []), i]));
  const all = { truth: [] as string[], global: [] as string[], personal: [] as string[] };
  const debates: DebateFigures[] = [];
  for (const [debate, indexes] of byDebate) {
    const correction = emptyCorrection(classLabels.length);
    const truth: string[] = [];
    const global: string[] = [];
    const personal: string[] = [];
    for (const i of indexes) {
      const x = features(rows[i].text);
      const g = classLabels[argmax(base[i])];
      const p =
        correction.labels >= minLabels ? classLabels[argmax(corrected(base[i], correction, x))] : g;
      truth.push(rows[i].label);
      global.push(g);
      personal.push(p);
      learn(correction, base[i], x, classLabels.indexOf(rows[i].label), options);
    }
    all.truth.push(...truth);
    all.global.push(...global);
    all.personal.push(...personal);
    debates.push(figures(debate, truth, global, personal, classLabels));
  }
  return { debates, overall: figures('overall', all.truth, all.global, all.personal, classLabels) };
}

function figures(
  debate: string,
  truth: string[],
  global: string[],
  personal: string[],
  labels: string[]
): DebateFigures {
  return {
    debate,
    n: truth.length,
    global: { accuracy: accuracy(truth, global), macroF1: macroF1(truth, global, labels) },
    personal: { accuracy: accuracy(truth, personal), macroF1: macroF1(truth, personal, labels) },
  };
}
