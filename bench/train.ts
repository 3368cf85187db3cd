/**
 * The trainer on the partisan debates, beside scikit-learn (bench/sklearn_reference.py; PYTHON
 * overrides /usr/bin/python3):
 *   npm run bench:train [-- --runs 3]: the default pipeline and a logistic regression with
 *     scikit-learn's settings, timed, on holdout, and scikit-learn's same pipeline when installed;
 *   node bench/run-ts.js bench/train.ts --tune: grouped 5-fold CV on train.jsonl only, the search
 *     behind DEFAULT_TRAIN_PARAMS;
 *   npm run bench:quality (train.ts --quality): the default (calibrated) against scikit-learn tuned
 *     the same way, on holdout with 95 % intervals resampling whole debates, their paired
 *     difference, and the time Compare's bootstrap takes.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { trainTextClassifier } from '../src/plugins/model-manager/server/src/ml/calibrated-training';
import { groupedFolds } from '../src/plugins/model-manager/server/src/ml/folds';
import { classificationReport, rocAuc } from '../src/plugins/model-manager/server/src/ml/metrics';
import { exportToOnnx } from '../src/plugins/model-manager/server/src/ml/onnx-export';
import {
  DEFAULT_TRAIN_PARAMS,
  type TrainParams,
} from '../src/plugins/model-manager/server/src/ml/train-params';
import { comparisonIntervals } from '../src/plugins/model-manager/server/src/training/comparison-intervals';
import {
  INTERVAL_METRICS,
  type Estimate,
} from '../src/plugins/model-manager/shared/contracts/compare';
import { DATA_DIR, readJsonl } from '../tests/helpers/data';
import { log, opt, runMain } from './lib/bench';
import { fmt, median, table } from './lib/stats';

type Row = { text: string; label: string; debate: string };
const read = (file: string) =>
  readJsonl<Row>(`partisan/${file}`).map((r) => ({ ...r, group: String(r.debate) }));
const train = read('train.jsonl');
const holdout = read('holdout.jsonl');
const K = 5;
/** The grid behind DEFAULT_TRAIN_PARAMS, for our trainer and for scikit-learn alike. */
const GRID = { ngramRange: [1, 2, 3].map((n) => [1, n]), minDf: [1, 2, 3], C: [0.3, 1, 3, 10] };
const ALPHA = [0.1, 0.3, 1];

/** The pipeline scikit-learn's reference fits, for a like-for-like time comparison. */
const SKLEARN_LIKE: Partial<TrainParams> = {
  algorithm: 'logistic-regression',
  ngramRange: [1, 2],
  minDf: 2,
  sublinearTf: true,
  classWeight: 'balanced',
  C: 1,
};

function sklearn(job: object): any {
  const python = process.env.PYTHON ?? '/usr/bin/python3';
  const run = spawnSync(python, [path.join(__dirname, 'sklearn_reference.py')], {
    input: JSON.stringify({ data_dir: DATA_DIR, ...job }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) return `unavailable (${python}: ${run.stderr || run.error?.message})`;
  return JSON.parse(run.stdout);
}

function scores(truth: string[], proba: number[][], labels: string[]) {
  const predicted = proba.map((p) => labels[p[1] > p[0] ? 1 : 0]);
  const { accuracy, macroF1 } = classificationReport(truth, predicted, labels);
  const red = proba.map((p) => p[labels.indexOf('red')]);
  return { accuracy, macroF1, auc: rocAuc(truth, red, 'red') };
}

/** Fit `runs` times (median timings), then predict the holdout and export once. */
function measure(name: string, params: Partial<TrainParams>, runs: number) {
  const fits = Array.from({ length: runs }, () => trainTextClassifier(train, params));
  const t = (k: 'tokenizeMs' | 'vectorizeMs' | 'optimizeMs' | 'totalMs') =>
    median(fits.map((f) => f.training.timings[k])) / 1000;
  const model = fits[0];
  let t0 = performance.now();
  const proba = model.predictProba(holdout.map((h) => h.text));
  const predictS = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const onnxMB = exportToOnnx(model).length / 1e6;
  const exportS = (performance.now() - t0) / 1000;
  const { vocabularySize, iterations, converged } = model.training;
  log(`\n${name}: ${JSON.stringify(model.params)}`);
  log(
    `  fit, median of ${runs}: ${fmt(t('totalMs'), 3)} s (each: ${fits.map((f) => fmt(f.training.timings.totalMs / 1000, 3)).join(', ')}); vocabulary ${vocabularySize}, iterations ${iterations}, converged ${converged}; predict holdout ${fmt(predictS, 3)} s; ONNX export ${fmt(exportS, 3)} s, ${fmt(onnxMB)} MB`
  );
  const m = scores(
    holdout.map((h) => h.label),
    proba,
    model.labels
  );
  const vectorize = t('tokenizeMs') + t('vectorizeMs');
  return { total: t('totalMs'), vectorize, optimize: t('optimizeMs'), vocabularySize, ...m };
}

function benchmark(runs: number) {
  log(`train.jsonl ${train.length} texts, holdout.jsonl ${holdout.length} texts`);
  const ours = measure('default params', DEFAULT_TRAIN_PARAMS, runs);
  const like = measure("logistic regression with scikit-learn's settings", SKLEARN_LIKE, runs);
  const sk = sklearn({ mode: 'time' });
  if (typeof sk === 'string') return log(`\nscikit-learn: ${sk}`);
  const rows: Array<[string, number, number, number, number]> = [
    [`fit s (median of ${runs}; sklearn 3)`, ours.total, like.total, sk.fit_s, 3],
    ['  tokenize + tf-idf s', ours.vectorize, like.vectorize, sk.vectorize_s, 3],
    ['  optimiser / NB s', ours.optimize, like.optimize, sk.lr_s, 3],
    ['vocabulary', ours.vocabularySize, like.vocabularySize, sk.vocabulary, 0],
    ['holdout accuracy', ours.accuracy, like.accuracy, sk.accuracy, 4],
    ['holdout macro-F1', ours.macroF1, like.macroF1, sk.macro_f1, 4],
    ['holdout AUC', ours.auc, like.auc, sk.auc, 4],
  ];
  const header = ['figure', 'TS default', 'TS LR', `sklearn ${sk.version} LR`];
  log(
    `\n${table([header, ...rows.map(([n, a, b, c, d]) => [n, fmt(a, d), fmt(b, d), fmt(c, d)])])}`
  );
}

/** Out-of-fold probabilities pooled over the grouped folds of train.jsonl, scored once. */
function crossValidate(params: Partial<TrainParams>, folds: number[]) {
  const proba: number[][] = new Array(train.length);
  let labels: string[] = [];
  for (let f = 0; f < K; f++) {
    const model = trainTextClassifier(
      train.filter((_, i) => folds[i] !== f),
      params
    );
    labels = model.labels;
    const test = train.flatMap((_, i) => (folds[i] === f ? [i] : []));
    model.predictProba(test.map((i) => train[i].text)).forEach((p, j) => (proba[test[j]] = p));
  }
  const truth = train.map((r) => r.label);
  return scores(truth, proba, labels);
}

function tune() {
  const folds = groupedFolds(train, K);
  const grid: Partial<TrainParams>[] = GRID.ngramRange.flatMap((range) =>
    GRID.minDf.flatMap((minDf) => {
      const base = { ngramRange: range as [number, number], minDf };
      return [
        ...GRID.C.map((C) => ({ ...base, algorithm: 'logistic-regression' as const, C })),
        ...ALPHA.map((alpha) => ({ ...base, algorithm: 'naive-bayes' as const, alpha })),
      ];
    })
  );
  log(
    `grouped ${K}-fold CV by debate on train.jsonl, ${grid.length} settings; sublinearTf, balanced`
  );
  const results = grid.map((params) => ({ params, ...crossValidate(params, folds) }));
  const best = results.reduce((a, b) => (b.macroF1 > a.macroF1 ? b : a));
  // Second stage: around the winner, the two switches held fixed above.
  for (const extra of [{ sublinearTf: false }, { classWeight: 'none' as const }]) {
    const params = { ...best.params, ...extra };
    results.push({ params, ...crossValidate(params, folds) });
  }
  results.sort((a, b) => b.macroF1 - a.macroF1);
  for (const r of results)
    log(
      `${fmt(r.macroF1, 4)}  acc ${fmt(r.accuracy, 4)}  auc ${fmt(r.auc, 4)}  ${JSON.stringify(r.params)}`
    );
  log(`best by macro-F1: ${JSON.stringify(results[0].params)}`);
}

async function quality() {
  const debates = (rows: typeof train) => new Set(rows.map((r) => r.group)).size;
  log(
    `train.jsonl ${train.length} rows in ${debates(train)} debates; holdout.jsonl ${holdout.length} rows in ${debates(holdout)} debates`
  );
  const t0 = performance.now();
  const ours = trainTextClassifier(train, DEFAULT_TRAIN_PARAMS);
  log(
    `\nours: ${JSON.stringify(ours.params)}; calibration ${JSON.stringify(ours.calibration)} (${JSON.stringify(ours.training.calibration)}); fit with calibration ${fmt((performance.now() - t0) / 1000)} s`
  );
  const sk = sklearn({
    mode: 'tune',
    folds: groupedFolds(train, K),
    grid: { ...GRID, alpha: ALPHA },
  });
  if (typeof sk === 'string') throw new Error(`scikit-learn ${sk}`);
  log(
    `scikit-learn ${sk.version}: ${sk.settings} settings searched in ${fmt(sk.search_s, 1)} s; best by pooled out-of-fold macro-F1 ${fmt(sk.cv_macro_f1, 4)}: ${JSON.stringify(sk.best)}`
  );
  const side = (rows: number[][]) => ({ rows, classLabels: ours.labels });
  const oursRows = side(ours.predictProba(holdout.map((h) => h.text)));
  const skRows = side(sk.proba_red.map((p: number) => [1 - p, p]));
  const truth = holdout.map((h) => h.label);
  const t1 = performance.now();
  const grouping = { field: 'debate', keys: holdout.map((h) => h.group) };
  const byDebate = await comparisonIntervals(truth, oursRows, skRows, grouping);
  const bootstrapMs = performance.now() - t1;
  const byRow = await comparisonIntervals(truth, oursRows, skRows, null);
  const f3 = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
  const withCi = (e?: Estimate) => (e ? `${f3(e.value)} [${f3(e.low)}, ${f3(e.high)}]` : '');
  for (const [by, ci, metrics] of [
    ['debate', byDebate, INTERVAL_METRICS],
    ['row', byRow, ['accuracy', 'macroF1', 'auc'] as const],
  ] as const) {
    const header = [`holdout, 95 % CI by ${by}`, 'ours (calibrated)', `sklearn ${sk.version}`];
    const rows = metrics.map((m) => {
      const [ours, theirs, d] = [ci.candidate[m], ci.baseline?.[m], ci.difference?.[m]];
      return [m, withCi(ours), withCi(theirs), withCi(d), d?.significant ? 'yes' : 'no'];
    });
    log(`\n${table([[...header, 'ours - sklearn', 'significant'], ...rows])}`);
  }
  log(
    `\nCompare's bootstrap (${byDebate.resamples} resamples, ${holdout.length} rows, 2 versions, by debate): ${fmt(bootstrapMs, 0)} ms`
  );
}

runMain('train', async () => {
  if (opt.flag('tune')) tune();
  else if (opt.flag('quality')) await quality();
  else benchmark(opt.num('runs', 3));
});
