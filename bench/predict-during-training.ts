/**
 * Predict latency while training runs are in progress vs idle: training runs execute in a worker
 * thread, so the server's event loop should keep serving single-text predicts at a flat latency.
 *
 * Setup (one fresh SQLite file): start Strapi, create the first admin + a full-access API token and
 * a model (labels blue/red, evaluation dataset "holdout"), stop it; import partisan/train.jsonl
 * (dataset "debates-train") and partisan/holdout.jsonl (dataset "holdout") with the compiled
 * import-dataset script while no server is running (SQLite: one writer); start Strapi again on the
 * same file; deploy a serving version by training (default parameters), submit + approve (admin:
 * four-eyes, the run was queued by the API token) and promote (API token).
 * Then a closed-loop predict load (holdout texts in turn, N keep-alive connections):
 *   idle:           no training run, warm-up then --idle seconds;
 *   training:       runs queued back to back with heavier parameters (--params), the run status
 *                   polled every --poll-ms; a request counts as "during training" only if a run was
 *                   certainly running both when it was sent and when its response completed;
 *   idle (after):   --idle-after seconds without training, as a drift check.
 * The same status poller (a GET of a run every --poll-ms) runs in the idle windows too, so the
 * server sees the same background requests in every window.
 *
 * CPU allotment: the server is NOT pinned (its main thread, the training worker thread and
 * onnxruntime may use every CPU); this process (load generator) is pinned to --bench-cpu (default 1;
 * "none" leaves it unpinned).
 *
 *   npm run bench:training-load [-- --connections 4 --idle 8 --warmup 2 --idle-after 5 --train-seconds 30
 *       --max-runs 6 --poll-ms 100 --params '{"algorithm":"logistic-regression","ngramRange":[1,3],"minDf":1,"maxIterations":2000}'
 *       --bench-cpu 1 --wait-quiet [seconds] --disturbed-limit 0.3]
 * Env equivalents: BENCH_CONNECTIONS, BENCH_IDLE, BENCH_WARMUP, BENCH_IDLE_AFTER, BENCH_TRAIN_SECONDS, BENCH_MAX_RUNS,
 * BENCH_POLL_MS, BENCH_TRAIN_PARAMS, BENCH_CPU, BENCH_WAIT_QUIET, BENCH_DISTURBED_LIMIT.
 * Quick check that it runs: --idle 2 --warmup 1 --idle-after 1 --train-seconds 1 --max-runs 1 --train-wall 60 --params '{"algorithm":"logistic-regression"}'
 * Needs a build (`node_modules/.bin/strapi build`); JSON: bench/results/predict-during-training.json.
 * Steps live in bench/training-load/: options, setup, runs (poll + intervals), windows, figures, analysis, report.
 */
import { log, maybeWaitForQuiet, runMain } from './lib/bench';
import { readJsonl } from './lib/data';
import { installExitHandlers } from './lib/procs';
import { checkBuild, removeDb } from './lib/strapi';
import { analyseTrainingWindow } from './training-load/analysis';
import {
  BENCH_CPU_OPT,
  CONNECTIONS,
  IDLE_AFTER_S,
  IDLE_S,
  MAX_RUNS,
  POLL_MS,
  SLUG,
  TRAIN_PARAMS,
  TRAIN_S,
  WARMUP_S,
  progress,
} from './training-load/options';
import { report } from './training-load/report';
import { importScript, prepareServer } from './training-load/setup';
import { measuredWindows } from './training-load/windows';

async function main() {
  installExitHandlers();
  const benchStarted = performance.now();
  const benchCpu = BENCH_CPU_OPT === 'none' ? null : Number(BENCH_CPU_OPT);
  const buildWarning = checkBuild();
  const importer = importScript();
  const holdout = readJsonl('partisan/holdout.jsonl');
  const trainRows = readJsonl('partisan/train.jsonl');
  const bodies = holdout.map((h) => JSON.stringify({ text: h.text }));
  const warnings: string[] = [];
  if (buildWarning) warnings.push(buildWarning);
  if (importer.warning) warnings.push(importer.warning);

  log(
    `# Predict latency during training vs idle: model "${SLUG}", ${holdout.length} holdout texts cycled as single-text predict bodies`
  );
  log(
    `closed loop, ${CONNECTIONS} keep-alive connections; idle ${IDLE_S} s after ${WARMUP_S} s warm-up; training runs back to back until ~${TRAIN_S} s of running are covered (max ${MAX_RUNS} runs); idle again ${IDLE_AFTER_S} s; run status polled every ${POLL_MS} ms in every window`
  );
  log(`training parameters under load: ${JSON.stringify(TRAIN_PARAMS)}`);
  for (const w of warnings) log(w);
  const quiet = await maybeWaitForQuiet();
  if (quiet) log(quiet);

  // 1-4. model, datasets imported, server under test with a serving version (pins this process once it runs)
  const prep = await prepareServer(holdout, trainRows, importer.file, benchCpu, warnings);
  const windows = measuredWindows(prep, bodies, warnings);

  // 5. idle
  if (WARMUP_S > 0) {
    progress(`warm-up ${WARMUP_S} s`);
    await windows.warmup(WARMUP_S);
  }
  progress(`idle: ${IDLE_S} s at ${CONNECTIONS} connections`);
  const idle = await windows.idleWindow('idle (before)', IDLE_S, 0);

  // 6. training runs back to back under the same load
  progress(
    `training: runs with ${JSON.stringify(TRAIN_PARAMS)} back to back, predict load at ${CONNECTIONS} connections`
  );
  const training = await windows.trainingWindow();

  // 7. idle again (drift check)
  let idleAfter = null;
  if (IDLE_AFTER_S > 0) {
    progress(`idle (after): ${IDLE_AFTER_S} s`);
    idleAfter = await windows.idleWindow('idle (after)', IDLE_AFTER_S, 300);
  }
  await prep.server.stop();
  removeDb(prep.server.dbFile);

  const analysis = analyseTrainingWindow(training.trace, training.runs, warnings);
  report({
    prep,
    idle,
    idleAfter,
    training,
    analysis,
    warnings,
    buildWarning,
    texts: holdout.length,
    benchStarted,
  });
}

runMain('training-load', main);
