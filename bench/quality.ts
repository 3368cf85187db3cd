/**
 * Quality bench on the partisan debates: the trainer's default (calibrated, as a run trains it)
 * against scikit-learn tuned the same way (same grid, same grouped 5-fold CV by debate on
 * train.jsonl only, pooled out-of-fold macro-F1), both scored once on holdout.jsonl with 95 %
 * intervals resampling whole debates, and their paired difference. Also times Compare's bootstrap.
 *
 *   npm run bench:quality            (PYTHON overrides /usr/bin/python3)
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { trainTextClassifier } from '../src/plugins/model-manager/server/src/ml/calibrated-training';
import {
  defaultDataDir,
  readLabelledJsonl,
} from '../src/plugins/model-manager/server/src/ml/dataset';
import { groupedFolds } from '../src/plugins/model-manager/server/src/ml/folds';
import { DEFAULT_TRAIN_PARAMS } from '../src/plugins/model-manager/server/src/ml/train-params';
import { comparisonIntervals } from '../src/plugins/model-manager/server/src/training/comparison-intervals';
import {
  INTERVAL_METRICS,
  type Estimate,
} from '../src/plugins/model-manager/shared/contracts/compare';
import { table } from './lib/stats';

/** The grid behind DEFAULT_TRAIN_PARAMS (bench/train.ts --tune), for scikit-learn. */
const GRID = {
  ngramRange: [
    [1, 1],
    [1, 2],
    [1, 3],
  ],
  minDf: [1, 2, 3],
  C: [0.3, 1, 3, 10],
  alpha: [0.1, 0.3, 1],
};
const K = 5;

const dataDir = defaultDataDir();
const read = (file: string) =>
  readLabelledJsonl(path.join(dataDir, 'partisan', file), ['debate']).map(({ debate, ...r }) => ({
    ...r,
    group: String(debate),
  }));
const train = read('train.jsonl');
const holdout = read('holdout.jsonl');
const truth = holdout.map((h) => h.label);
const folds = groupedFolds(train, K);

function sklearnTuned() {
  const python = process.env.PYTHON ?? '/usr/bin/python3';
  const job = JSON.stringify({ data_dir: dataDir, folds, grid: GRID });
  const run = spawnSync(python, [path.join(__dirname, 'quality_sklearn.py')], {
    input: job,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0)
    throw new Error(`scikit-learn failed (${python}): ${run.stderr || run.error?.message}`);
  return JSON.parse(run.stdout) as {
    version: string;
    settings: number;
    search_s: number;
    cv_macro_f1: number;
    best: Record<string, unknown>;
    top: unknown[];
    proba_red: number[];
  };
}

const f3 = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
const withCi = (e: Estimate) => `${f3(e.value)} [${f3(e.low)}, ${f3(e.high)}]`;

async function main() {
  console.log(
    `train.jsonl ${train.length} rows in ${new Set(train.map((r) => r.group)).size} debates; holdout.jsonl ${holdout.length} rows in ${new Set(holdout.map((r) => r.group)).size} debates`
  );
  const t0 = performance.now();
  const ours = trainTextClassifier(train, DEFAULT_TRAIN_PARAMS);
  const fitS = (performance.now() - t0) / 1000;
  console.log(
    `\nours: ${JSON.stringify(ours.params)}; calibration ${JSON.stringify(ours.calibration)} (${JSON.stringify(ours.training.calibration)}); fit with calibration ${fitS.toFixed(2)} s`
  );
  const sk = sklearnTuned();
  console.log(
    `scikit-learn ${sk.version}: ${sk.settings} settings searched in ${sk.search_s.toFixed(1)} s; best by pooled out-of-fold macro-F1 ${sk.cv_macro_f1.toFixed(4)}: ${JSON.stringify(sk.best)}`
  );

  const labels = ours.labels;
  const side = (rows: number[][]) => ({ rows, classLabels: labels });
  const oursRows = ours.predictProba(holdout.map((h) => h.text));
  const skRows = sk.proba_red.map((p) => [1 - p, p]);
  const grouping = { field: 'debate', keys: holdout.map((h) => h.group) };
  const t1 = performance.now();
  const ci = await comparisonIntervals(truth, side(oursRows), side(skRows), grouping);
  const bootstrapMs = performance.now() - t1;
  const byRow = await comparisonIntervals(truth, side(oursRows), side(skRows), null);

  const rows = [
    [
      'holdout, 95 % CI by debate',
      'ours (calibrated)',
      `sklearn ${sk.version} tuned`,
      'ours - sklearn',
      'significant',
    ],
  ];
  for (const m of INTERVAL_METRICS) {
    const d = ci.difference?.[m];
    rows.push([
      m,
      withCi(ci.candidate[m]),
      withCi(ci.baseline?.[m] as Estimate),
      d ? withCi(d) : '',
      d?.significant ? 'yes' : 'no',
    ]);
  }
  console.log(`\n${table(rows)}`);
  const rowRows = [['holdout, 95 % CI by row', 'ours', 'sklearn', 'ours - sklearn', 'significant']];
  for (const m of ['accuracy', 'macroF1', 'auc'] as const) {
    const d = byRow.difference?.[m];
    rowRows.push([
      m,
      withCi(byRow.candidate[m]),
      withCi(byRow.baseline?.[m] as Estimate),
      d ? withCi(d) : '',
      d?.significant ? 'yes' : 'no',
    ]);
  }
  console.log(`\n${table(rowRows)}`);
  console.log(
    `\nCompare's bootstrap (${ci.resamples} resamples, ${holdout.length} rows, 2 versions, by debate): ${bootstrapMs.toFixed(0)} ms`
  );
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
