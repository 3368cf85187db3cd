/**
 * Personal models benchmark (issues 11 and 23): 1. prequential quality on a mixed stream of
 * simulated readers (personal/prequential.ts); 2. memory of 10,000 personal models in this process,
 * held as the server holds them; 3. through HTTP on a booted Strapi (personal/http.ts): memory of
 * 10,000 readers in a serving Strapi, label -> changed answer, predict throughput by caller.
 *
 *   npm run bench:personal [-- --skip-http | --skip-quality | --skip-serving-memory] [--seeds 3 --stream 400]
 *     [--memory-readers 10000 --small-cache-mb 8 --small-cache-only] [--refit background]
 *     [--readers 50 --labels 12 --requests 1000 --concurrency 4]
 *   npm run bench:personal -- --on-train --skip-http [--evidence 4 --sharpness 4 --prior 1 --consistency 0.9 --maxDf 0.2 --slack 0
 *     --bounds 1 --gates "none;0.5;2;0.5,2/-1"]   (choosing the defaults; bounds "none": one gate per reader)
 *   npm run bench:personal -- --skip-http --seeds 1 --stream 1201 --kinds "is blue,is red"   (topic readers, whole holdout)
 * Needs a compiled app (dist/). Run with --expose-gc (the npm script does) for steadier memory figures.
 */
import { loadavg } from 'node:os';
import { fitTextClassifier, seededRandom } from '../src/plugins/model-manager/server/src/ml';
import {
  correctionBytes,
  serialize,
} from '../src/plugins/model-manager/server/src/ml/correction-codec';
import {
  backgroundOf,
  DEFAULT_FIT,
  fitCorrection,
  type Correction,
  type FitOptions,
} from '../src/plugins/model-manager/server/src/ml/personal-correction';
import { DEFAULT_GATE } from '../src/plugins/model-manager/server/src/ml/personal-gate';
import { shuffled } from './lib/patterns';
import { ByteLru } from '../src/plugins/model-manager/server/src/serving-engine/byte-lru';
import { log, opt, runMain } from './lib/bench';
import { fmt, fmtInt, table } from './lib/stats';
import { checkBuild } from './lib/strapi';
import { overHttp, servingMemory } from './personal/http';
import {
  baseProbabilities,
  compareGates,
  DISPUTED_WINDOWS,
  gateName,
  figuresOf,
  METHODS,
  playReader,
  readDebates,
  READERS,
  WINDOWS,
  type ReaderFigures,
} from './personal/prequential';

const MIN_LABELS = 3;
const MAX_LABELS = 500;
const mib = (bytes: number) => fmt(bytes / 2 ** 20, 1);
const span = ([a, b]: [number, number]) => (b === Infinity ? `${a}+` : `${a}–${b}`);
type Count = { hit: number; n: number };
const cell = (c: Count) => (c.n ? fmt((100 * c.hit) / c.n, 1) : '–');
const total = (cs: Count[]) =>
  cs.reduce((a, c) => ({ hit: a.hit + c.hit, n: a.n + c.n }), { hit: 0, n: 0 });

function tables(kinds: ReaderFigures[], seeds: number, stream: number, split: string) {
  log(
    `\n## Prequential, mixed ${split} stream (${stream} texts per reader, ${seeds} seeded orders), accuracy against the reader's own labels (%)`
  );
  const rows = kinds.flatMap((k) =>
    METHODS.map((m, i) => [
      i ? '' : k.kind,
      m,
      ...k.all[m].map(cell),
      cell(total(k.all[m])),
      cell(k.rest[m][0]),
    ])
  );
  log(table([['reader', 'method', ...WINDOWS.map(span), 'all', 'rest (not disputed)'], ...rows]));
  log(
    `\n## Topic and speaker readers, by how many disputed labels (the reader's label differs from the truth) they have given: accuracy on the disputed texts and on the rest of their texts in that window (%)`
  );
  const disputed = kinds.filter((k) => total(k.disputed.global).n > 0);
  const byDisputed = disputed.flatMap((k) =>
    METHODS.map((m, i) => [
      i ? '' : `${k.kind} (${total(k.disputed.global).n} disputed)`,
      m,
      ...k.disputed[m].map(cell),
      ...k.restByDisputed[m].map(cell),
    ])
  );
  const head = DISPUTED_WINDOWS.map((w) => `disputed ${span(w)}`);
  head.push(...DISPUTED_WINDOWS.map((w) => `rest ${span(w)}`));
  log(table([['reader', 'method', ...head], ...byDisputed]));
}

/**
 * The stream, its base probabilities and the idf corpus. `holdout`: the foreign scikit-learn model
 * (trained on the train debates) over the holdout debates; the idf corpus the server uses is the
 * model's own texts. `train`: where the defaults are chosen, never on holdout: a model of the repo's
 * own pipeline fitted on half of the train debates, readers played on the other half.
 */
async function streamOf(split: string) {
  const train = readDebates('partisan/train.jsonl');
  if (split === 'holdout') {
    const rows = readDebates('partisan/holdout.jsonl');
    const { rows: base, classLabels } = await baseProbabilities(rows.map((r) => r.text));
    return { rows, base, classLabels, corpus: train.map((r) => r.text) };
  }
  const debates = [...new Set(train.map((r) => r.debate))].sort();
  const fitted = new Set(debates.filter((_, i) => i % 2 === 0));
  const corpus = train.filter((r) => fitted.has(r.debate));
  const model = fitTextClassifier(corpus);
  const rows = train.filter((r) => !fitted.has(r.debate));
  const base = model.predictProba(rows.map((r) => r.text));
  return { rows, base, classLabels: model.labels, corpus: corpus.map((r) => r.text) };
}

async function quality(split: string, wanted: string[] | null) {
  const seeds = opt.num('seeds', 3);
  const { rows, base, classLabels, corpus } = await streamOf(split);
  const stream = Math.min(opt.num('stream', rows.length), rows.length);
  // The served gate (--slack, --bounds "1" or "none"), and others tallied beside it: --gates
  // "none;0.5;1,3;0.5,2/-1;0.5,2/0/1" (bounds per gate, "/s" its slack, else --slack, "/s/z" also
  // the evidence z, personal.gateEvidence).
  const boundsOf = (s: string) => (s === 'none' ? [] : s.split(',').map(Number));
  const bounds = opt.str('bounds', '');
  const gate = {
    slack: opt.num('slack', DEFAULT_GATE.slack),
    bounds: bounds ? boundsOf(bounds) : DEFAULT_GATE.bounds,
  };
  const gates = opt.str('gates', '').split(';').filter(Boolean);
  compareGates(
    gates.map((g) => {
      const [b, slack, z] = g.split('/');
      const s = slack === undefined || slack === '' ? gate.slack : Number(slack);
      return { bounds: boundsOf(b), slack: s, z: z === undefined ? 0 : Number(z) };
    })
  );
  const fit: FitOptions = { ...DEFAULT_FIT };
  for (const key of ['evidence', 'sharpness', 'prior', 'consistency', 'maxDf'] as const)
    fit[key] = opt.num(key, fit[key]);
  log(`fit options: ${JSON.stringify(fit)}, gate ${gateName(gate)}`);
  const background = backgroundOf(corpus);
  const options = { minLabels: MIN_LABELS, maxLabels: MAX_LABELS, background, fit, gate };
  const kinds = READERS.filter((k) => !wanted || wanted.some((w) => k.name.includes(w)));
  const figures = kinds.map((kind) => {
    const tallies = figuresOf(kind.name);
    for (let s = 0; s < seeds; s += 1) {
      const order = shuffled(rows.length, seededRandom(100 + s)).slice(0, stream);
      playReader(tallies, kind, { rows, base, classLabels }, order, s, options);
    }
    return tallies;
  });
  tables(figures, seeds, stream, split);
}

/** The training texts with the foreign model's probabilities: what the personal corrections are fitted to. */
async function fittedTexts(n: number) {
  const train = readDebates('partisan/train.jsonl').slice(0, n);
  const base = await baseProbabilities(train.map((r) => r.text));
  const labels = train.map((r) => base.classLabels.indexOf(r.label));
  return { texts: train.map((r) => r.text), base: base.rows, labels };
}

/**
 * 10,000 personal models held as the server holds them (a ByteLru of corrections), each fitted
 * to 12 random train utterances: RSS and V8 heap growth, the bytes the LRU counts, the JSON row.
 */
function inProcessMemory({ texts, base, labels }: Awaited<ReturnType<typeof fittedTexts>>) {
  const [readers, perReader] = [10_000, 12];
  const random = seededRandom(11);
  global.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  const t0 = performance.now();
  const lru = new ByteLru<Correction>(Number.MAX_SAFE_INTEGER);
  let [words, json] = [0, 0];
  for (let r = 0; r < readers; r += 1) {
    const picked = Array.from({ length: perReader }, () => Math.floor(random() * texts.length));
    const examples = picked.map((i) => ({ text: texts[i], label: labels[i], base: base[i] }));
    const c = fitCorrection(examples, 2, 'bench');
    words += c.words.size;
    if (r % 100 === 0) json += serialize(c).length;
    lru.set(`1:${r}`, c, correctionBytes(c));
  }
  const buildS = (performance.now() - t0) / 1000;
  global.gc?.();
  const now = process.memoryUsage();
  log(`\n## Memory, ${fmtInt(readers)} personal models of ${perReader} labels each (this process)`);
  const header = ['LRU bytes counted', 'RSS growth', 'V8 heap growth', 'words per reader'];
  header.push('JSON row', 'build');
  const row = [`${mib(lru.stats().bytes)} MiB`, `${mib(now.rss - rss)} MiB`];
  row.push(`${mib(now.heapUsed - heapUsed)} MiB`, fmt(words / readers, 0));
  row.push(`${fmt(json / (readers / 100) / 1024, 1)} KiB`, `${fmt(buildS, 1)} s`);
  log(table([header, row]));
}

/**
 * What one label costs the server: a refit over a reader's n stored labels, warm-started from the
 * fit of the first n - 1 (as a new label is learnt), median of a few readers, per fit option
 * compared.
 */
function fitTimes({ texts, base, labels }: Awaited<ReturnType<typeof fittedTexts>>) {
  const random = seededRandom(12);
  const sizes = [10, 50, 200, 500];
  const variants: Array<[string, FitOptions]> = [['default', DEFAULT_FIT]];
  const rows = variants.map(([name, fit]) => [
    name,
    ...sizes.map((n) => {
      const ms = Array.from({ length: 5 }, () => {
        const picked = Array.from({ length: n }, () => Math.floor(random() * texts.length));
        const examples = picked.map((i) => ({ text: texts[i], label: labels[i], base: base[i] }));
        const before = fitCorrection(examples.slice(0, -1), 2, 'bench', fit);
        const t0 = performance.now();
        fitCorrection(examples, 2, 'bench', fit, before.record);
        return performance.now() - t0;
      }).sort((a, b) => a - b);
      return `${fmt(ms[2], 1)} ms`;
    }),
  ]);
  log(
    `\n## One label's refit, by labels stored (median of 5 readers; load ${loadavg()[0].toFixed(1)})`
  );
  log(table([['fit', ...sizes.map((n) => `${n} labels`)], ...rows]));
}

runMain('personal', async () => {
  log('# Personal models benchmark');
  const split = opt.flag('on-train') ? 'train' : 'holdout';
  // --kinds: only the readers whose name contains one of the comma-separated words (e.g. "is blue,is red")
  const wanted = opt.flag('kinds') ? opt.str('kinds', '').split(',') : null;
  if (!opt.flag('skip-quality')) {
    await quality(split, wanted);
    if (split === 'holdout' && !wanted) {
      const fitted = await fittedTexts(Infinity);
      fitTimes(fitted);
      inProcessMemory(fitted);
    }
  }
  if (opt.flag('skip-http')) return;
  checkBuild();
  if (!opt.flag('skip-serving-memory')) await servingMemory(MIN_LABELS, await fittedTexts(2000));
  await overHttp(MIN_LABELS);
});
