/**
 * Prequential evaluation of personal models on a mixed stream: every debate of a split shuffled
 * together (several seeded orders), played by simulated readers of several kinds. Each text is
 * first predicted (global alone, the majority of the reader's labels so far, global + a bias-only
 * correction, global + the personal correction), then labelled by the reader and the corrections
 * refitted, as the server does. Accuracy is against the reader's own labels.
 */
import fs from 'node:fs';
import {
  type Background,
  corrected,
  fitCorrection,
  type Correction,
  type FitOptions,
  type LabelledText,
  shifted,
} from '../../src/plugins/model-manager/server/src/ml/personal-correction';
import {
  type GateOptions,
  type GateRecord,
  judged,
  served,
} from '../../src/plugins/model-manager/server/src/ml/personal-gate';
import { seededRandom } from '../../src/plugins/model-manager/server/src/ml/random';
import { FOREIGN_MODEL, readJsonl } from '../../tests/helpers/data';
import { openSession } from '../lib/ort';

export interface Utterance {
  text: string;
  label: string;
  debate: string;
  speaker: string;
}

export const readDebates = (file: string) => readJsonl<Utterance>(file);

/** Base probabilities of every text, from the foreign scikit-learn export, in chunks. */
export async function baseProbabilities(
  texts: string[]
): Promise<{ rows: number[][]; classLabels: string[] }> {
  const session = await openSession(fs.readFileSync(FOREIGN_MODEL));
  const rows: number[][] = [];
  const width = session.classLabels.length;
  for (let i = 0; i < texts.length; i += 64) {
    const out = await session.predict(texts.slice(i, i + 64));
    for (let j = 0; j < out.length; j += width) rows.push(Array.from(out.subarray(j, j + width)));
  }
  await session.release();
  return { rows, classLabels: session.classLabels };
}

/** A simulated reader: the label they give each text, and whether it is one of their disputed items. */
export interface ReaderKind {
  name: string;
  label(u: Utterance, random: () => number): string;
  disputed(u: Utterance): boolean;
}

const other = (label: string) => (label === 'red' ? 'blue' : 'red');
/** A reader who labels every text of `topic` (a word pattern) `colour`. */
const topicReader = (topic: string, pattern: RegExp, colour: string): ReaderKind => ({
  name: `${topic} is ${colour}`,
  label: (u) => (pattern.test(u.text) ? colour : u.label),
  disputed: (u) => pattern.test(u.text) && u.label !== colour,
});

export const READERS: ReaderKind[] = [
  { name: 'truthful', label: (u) => u.label, disputed: () => false },
  ...[0.1, 0.25].map((rate) => ({
    name: `${rate * 100} % label noise`,
    label: (u: Utterance, random: () => number) => (random() < rate ? other(u.label) : u.label),
    disputed: () => false,
  })),
  // topics as word patterns, chosen by counting the train debates only
  topicReader('immigration', /\b(immigra\w*|border|deport\w*|illegal)\b/i, 'blue'),
  topicReader('taxes', /\b(tax|taxes|taxation)\b/i, 'blue'),
  topicReader('wall street', /\b(wall street|banks?|bankers?)\b/i, 'red'),
  topicReader(
    'health care',
    /\b(obamacare|health ?care|affordable care|insurance|medicare|medicaid)\b/i,
    'red'
  ),
  {
    name: 'Sanders is red',
    label: (u) => (u.speaker === 'Sanders' ? 'red' : u.label),
    disputed: (u) => u.speaker === 'Sanders',
  },
];

/** `personal` is what the server answers (the gate on); `personal, ungated` the correction always applied. */
export const METHODS: string[] = [
  'global',
  'majority of my labels',
  'global + bias',
  'personal, ungated',
  'personal',
];
type Method = string;
/** Other gates tallied beside the served one (choosing the default); each keeps its own record. */
const VARIANTS: Array<{ method: Method; gate: GateOptions }> = [];
export const gateName = (gate: GateOptions) =>
  `${gate.bounds.length ? `regions at ${gate.bounds.join(',')}` : 'one per reader'}, slack ${gate.slack}${gate.z ? `, z ${gate.z}` : ''}`;
export function compareGates(gates: GateOptions[]) {
  for (const gate of gates) {
    const method = `personal, gate ${gateName(gate)}`;
    METHODS.push(method);
    VARIANTS.push({ method, gate });
  }
}

const between = (edges: number[]) =>
  edges.slice(1).map((to, i): [number, number] => [edges[i] + 1, to]);
/** Windows over the reader's labels so far (1-based position of the text in their stream). */
export const WINDOWS = between([0, 10, 25, 50, 100, 200, Infinity]);
/** Windows over the disputed labels the reader has given so far. */
export const DISPUTED_WINDOWS = between([0, 10, 25, 50, 100, 200]);

/** Hits and counts per method, by window. */
type Tally = Record<Method, Array<{ hit: number; n: number }>>;
const tally = (windows: number): Tally =>
  Object.fromEntries(
    METHODS.map((m) => [m, Array.from({ length: windows }, () => ({ hit: 0, n: 0 }))])
  ) as Tally;

export interface ReaderFigures {
  kind: string;
  /** Every text, by window of labels. */
  all: Tally;
  /** Disputed texts, by window of disputed labels. */
  disputed: Tally;
  /** Texts that are not disputed, over the whole stream. */
  rest: Tally;
  /** Texts that are not disputed, by window of disputed labels given before them. */
  restByDisputed: Tally;
}

const windowOf = (windows: Array<[number, number]>, position: number) =>
  windows.findIndex(([a, b]) => position >= a && position <= b);
const argmax = (p: number[]) => p.indexOf(Math.max(...p));

/** Empty tallies for one kind of reader; playReader adds each seeded reader's hits to them. */
export const figuresOf = (kind: string): ReaderFigures => ({
  kind,
  all: tally(WINDOWS.length),
  disputed: tally(DISPUTED_WINDOWS.length),
  rest: tally(1),
  restByDisputed: tally(DISPUTED_WINDOWS.length),
});

/**
 * The baseline "global + bias": one shift of every text, the log-ratio of the reader's labels of
 * each class to what the base expected of them (a label prior, what the first personal models learnt).
 */
function labelPrior(given: readonly LabelledText[], classes: number): number[] {
  const labels = new Array(classes).fill(0);
  const expected = new Array(classes).fill(0);
  for (const l of given) {
    labels[l.label] += 1;
    l.base.forEach((p, k) => (expected[k] += p));
  }
  return labels.map((y, k) => Math.log((y + 1 / classes) / (expected[k] + 1 / classes)));
}

/** Plays one reader through `order` (indexes into rows); corrections refit after every label. */
export function playReader(
  figures: ReaderFigures,
  kind: ReaderKind,
  { rows, base, classLabels }: { rows: Utterance[]; base: number[][]; classLabels: string[] },
  order: ArrayLike<number>,
  seed: number,
  options: {
    minLabels: number;
    maxLabels: number;
    fit: FitOptions;
    background: Background;
    gate: GateOptions;
  }
) {
  const random = seededRandom(seed);
  const given: LabelledText[] = [];
  const counts = new Map<string, number>();
  let personal: Correction | null = null;
  let biasOnly: number[] | null = null;
  let disputedSeen = 0;
  const { fit, gate } = options;
  // The served gate's record, then each compared gate's.
  const gates = [gate, ...VARIANTS.map((v) => v.gate)];
  let records: GateRecord[] = gates.map(() => []);
  const servedBy = (v: number, b: number[], text: string) =>
    classLabels[argmax(served(b, { ...personal!, record: records[v] }, text, gates[v]))];
  for (let position = 0; position < order.length; position += 1) {
    const i = order[position];
    const u = rows[i];
    const said = kind.label(u, random);
    const active = given.length >= options.minLabels;
    const global = classLabels[argmax(base[i])];
    const majority = counts.size
      ? [...counts].sort((a, b) => b[1] - a[1] || (a[0] === global ? -1 : 1))[0][0]
      : global;
    const answers: Record<Method, string> = {
      ...Object.fromEntries(
        VARIANTS.map((v, j) => [
          v.method,
          active && personal ? servedBy(j + 1, base[i], u.text) : global,
        ])
      ),
      global,
      'majority of my labels': majority,
      'global + bias':
        active && biasOnly ? classLabels[argmax(shifted(base[i], biasOnly))] : global,
      'personal, ungated':
        active && personal ? classLabels[argmax(corrected(base[i], personal, u.text))] : global,
      personal: active && personal ? servedBy(0, base[i], u.text) : global,
    };
    const disputed = kind.disputed(u);
    if (disputed) disputedSeen += 1;
    for (const m of METHODS) {
      const hit = answers[m] === said ? 1 : 0;
      const add = (t: Tally, w: number) => {
        t[m][w].hit += hit;
        t[m][w].n += 1;
      };
      add(figures.all, windowOf(WINDOWS, position + 1));
      const w = windowOf(DISPUTED_WINDOWS, disputedSeen);
      if (disputed) {
        if (w >= 0) add(figures.disputed, w);
      } else {
        add(figures.rest, 0);
        if (w >= 0) add(figures.restByDisputed, w);
      }
    }
    const example = { text: u.text, label: classLabels.indexOf(said), base: base[i] };
    if (personal) records = records.map((r, v) => judged(r, personal!, example, gates[v]));
    given.push(example);
    counts.set(said, (counts.get(said) ?? 0) + 1);
    const recent = given.slice(-options.maxLabels);
    const background = options.background;
    personal = fitCorrection(
      recent,
      classLabels.length,
      'bench',
      fit,
      personal?.record,
      background
    );
    biasOnly = labelPrior(recent, classLabels.length);
  }
}
