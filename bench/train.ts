/**
 * Training benchmark on the partisan debates (data outside the repo: MODEL_MANAGER_DATA_DIR or
 * ../shared/data).
 *
 *   node bench/run-ts.js bench/train.ts            # time the default pipeline, holdout metrics,
 *                                                  # scikit-learn side by side when available
 *   node bench/run-ts.js bench/train.ts --tune     # grouped 5-fold CV on train.jsonl only, the
 *                                                  # search behind DEFAULT_TRAIN_PARAMS
 * PYTHON overrides the interpreter used for bench/train_sklearn.py (default /usr/bin/python3).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import {
  defaultDataDir,
  readLabelledJsonl,
} from '../src/plugins/model-manager/server/src/ml/dataset';
import { classificationReport, rocAuc } from '../src/plugins/model-manager/server/src/ml/metrics';
import { groupedFolds } from '../src/plugins/model-manager/server/src/ml/folds';
import { exportToOnnx } from '../src/plugins/model-manager/server/src/ml/onnx-export';
import { trainTextClassifier } from '../src/plugins/model-manager/server/src/ml/calibrated-training';
import {
  DEFAULT_TRAIN_PARAMS,
  type TrainParams,
} from '../src/plugins/model-manager/server/src/ml/train-params';

const dataDir = defaultDataDir();
const train = readLabelledJsonl(path.join(dataDir, 'partisan', 'train.jsonl'), ['debate']);
const POSITIVE = 'red';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number, d = 3): string => x.toFixed(d);

function scores(truth: string[], proba: number[][], labels: string[]) {
  const predicted = proba.map((p) => labels[p[1] > p[0] ? 1 : 0]);
  const r = classificationReport(truth, predicted, labels);
  return {
    accuracy: r.accuracy,
    macroF1: r.macroF1,
    auc: rocAuc(
      truth,
      proba.map((p) => p[labels.indexOf(POSITIVE)]),
      POSITIVE
    ),
  };
}

/** The pipeline scikit-learn's reference fits, for a like-for-like time comparison. */
const SKLEARN_LIKE: Partial<TrainParams> = {
  algorithm: 'logistic-regression',
  ngramRange: [1, 2],
  minDf: 2,
  sublinearTf: true,
  classWeight: 'balanced',
  C: 1,
};

interface Measured {
  total: number;
  vectorize: number;
  optimize: number;
  vocabulary: number;
  accuracy: number;
  macroF1: number;
  auc: number;
}

function measure(
  name: string,
  params: Partial<TrainParams>,
  runs: number,
  holdout: { text: string; label: string }[]
): Measured {
  const fits = Array.from({ length: runs }, () => trainTextClassifier(train, params));
  const t = (k: 'tokenizeMs' | 'vectorizeMs' | 'optimizeMs' | 'totalMs') =>
    median(fits.map((f) => f.training.timings[k])) / 1000;
  const model = fits[0];
  console.log(`\n${name}: ${JSON.stringify(model.params)}`);
  console.log(
    `  fit, median of ${runs}: ${fmt(t('totalMs'))} s = tokenize ${fmt(t('tokenizeMs'))} + tf-idf ${fmt(t('vectorizeMs'))} + optimiser ${fmt(t('optimizeMs'))}  (each: ${fits.map((f) => fmt(f.training.timings.totalMs / 1000)).join(', ')})`
  );
  const t0 = performance.now();
  const proba = model.predictProba(holdout.map((h) => h.text));
  const predictS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const onnxBytes = exportToOnnx(model).length;
  const exportS = (performance.now() - t1) / 1000;
  const m = scores(
    holdout.map((h) => h.label),
    proba,
    model.labels
  );
  console.log(
    `  vocabulary ${model.training.vocabularySize}, iterations ${model.training.iterations}, converged ${model.training.converged}; predict holdout ${fmt(predictS)} s; ONNX export ${fmt(exportS)} s, ${(onnxBytes / 1e6).toFixed(2)} MB`
  );
  console.log(
    `  holdout: accuracy ${fmt(m.accuracy, 4)}  macro-F1 ${fmt(m.macroF1, 4)}  AUC ${fmt(m.auc, 4)}`
  );
  return {
    total: t('totalMs'),
    vectorize: t('tokenizeMs') + t('vectorizeMs'),
    optimize: t('optimizeMs'),
    vocabulary: model.training.vocabularySize,
    ...m,
  };
}

interface SklearnResult {
  version: string;
  fit_s: number;
  vectorize_s: number;
  lr_s: number;
  vocabulary: number;
  accuracy: number;
  macro_f1: number;
  auc: number;
}

function runSklearn(): SklearnResult | string {
  const python = process.env.PYTHON ?? '/usr/bin/python3';
  if (spawnSync(python, ['-c', 'import sklearn'], { stdio: 'ignore' }).status !== 0) {
    return `unavailable (${python} cannot import sklearn)`;
  }
  const run = spawnSync(python, [path.join(__dirname, 'train_sklearn.py'), dataDir], {
    encoding: 'utf8',
  });
  return run.status === 0 ? (JSON.parse(run.stdout) as SklearnResult) : `failed: ${run.stderr}`;
}

function benchmark(runs: number): void {
  const holdout = readLabelledJsonl(path.join(dataDir, 'partisan', 'holdout.jsonl'));
  console.log(`train.jsonl ${train.length} texts, holdout.jsonl ${holdout.length} texts`);
  const ours = measure('default params', DEFAULT_TRAIN_PARAMS, runs, holdout);
  const like = measure(
    "logistic regression with scikit-learn's settings",
    SKLEARN_LIKE,
    runs,
    holdout
  );
  const sk = runSklearn();
  if (typeof sk === 'string') {
    console.log(`\nscikit-learn: ${sk}`);
    return;
  }
  console.log(
    `\n${'figure'.padEnd(24)}${'TS default'.padStart(12)}${'TS LR'.padStart(12)}${`sklearn ${sk.version} LR`.padStart(20)}`
  );
  const rows: [string, number, number, number, number][] = [
    ['fit s (median of 3)', ours.total, like.total, sk.fit_s, 3],
    ['  tokenize + tf-idf s', ours.vectorize, like.vectorize, sk.vectorize_s, 3],
    ['  optimiser / NB s', ours.optimize, like.optimize, sk.lr_s, 3],
    ['vocabulary', ours.vocabulary, like.vocabulary, sk.vocabulary, 0],
    ['holdout accuracy', ours.accuracy, like.accuracy, sk.accuracy, 4],
    ['holdout macro-F1', ours.macroF1, like.macroF1, sk.macro_f1, 4],
    ['holdout AUC', ours.auc, like.auc, sk.auc, 4],
  ];
  for (const [name, a, b, c, d] of rows) {
    console.log(
      `${name.padEnd(24)}${fmt(a, d).padStart(12)}${fmt(b, d).padStart(12)}${fmt(c, d).padStart(20)}`
    );
  }
}

/** Debates assigned to k folds, largest first onto the lightest fold (deterministic). */
function debateFolds(k: number): Map<string, number> {
  const folds = groupedFolds(
    train.map((r) => ({ label: r.label, group: String(r.debate) })),
    k
  );
  return new Map(train.map((r, i) => [String(r.debate), folds[i]] as const));
}

/** Out-of-fold probabilities pooled over all folds, scored once. */
function crossValidate(params: Partial<TrainParams>, fold: Map<string, number>, k: number) {
  const proba: number[][] = new Array(train.length);
  let labels: string[] = [];
  for (let f = 0; f < k; f++) {
    const inFold = (i: number) => fold.get(String(train[i].debate)) === f;
    const model = trainTextClassifier(
      train.filter((_, i) => !inFold(i)),
      params
    );
    labels = model.labels;
    const test = train.map((_, i) => i).filter(inFold);
    model.predictProba(test.map((i) => train[i].text)).forEach((p, j) => (proba[test[j]] = p));
  }
  return scores(
    train.map((r) => r.label),
    proba,
    labels
  );
}

function tune(): void {
  const k = 5;
  const fold = debateFolds(k);
  const grid: Partial<TrainParams>[] = [];
  for (const ngramRange of [
    [1, 1],
    [1, 2],
    [1, 3],
  ] as [number, number][]) {
    for (const minDf of [1, 2, 3]) {
      for (const C of [0.3, 1, 3, 10])
        grid.push({ algorithm: 'logistic-regression', ngramRange, minDf, C });
      for (const alpha of [0.1, 0.3, 1])
        grid.push({ algorithm: 'naive-bayes', ngramRange, minDf, alpha });
    }
  }
  console.log(
    `grouped ${k}-fold CV by debate on train.jsonl (${train.length} texts), ${grid.length} settings; sublinearTf, balanced`
  );
  const results = grid.map((params) => ({ params, ...crossValidate(params, fold, k) }));
  const best = results.reduce((a, b) => (b.macroF1 > a.macroF1 ? b : a));
  // Second stage: around the winner, the two switches held fixed above.
  for (const extra of [{ sublinearTf: false }, { classWeight: 'none' as const }]) {
    const params = { ...best.params, ...extra };
    results.push({ params, ...crossValidate(params, fold, k) });
  }
  results.sort((a, b) => b.macroF1 - a.macroF1);
  for (const r of results) {
    console.log(
      `${fmt(r.macroF1, 4)}  acc ${fmt(r.accuracy, 4)}  auc ${fmt(r.auc, 4)}  ${JSON.stringify(r.params)}`
    );
  }
  console.log('best by macro-F1:', JSON.stringify(results[0].params));
}

const args = process.argv.slice(2);
if (args.includes('--tune')) tune();
else benchmark(Number(args[args.indexOf('--runs') + 1]) || 3);
