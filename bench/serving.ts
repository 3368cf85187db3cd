/**
 * Serving benchmark: single-text predict throughput and latency of the same ONNX model
 *   (a) onnxruntime-node in this process, one call at a time,
 *   (b) a minimal Koa server (bench/koa-server.ts), child process,
 *   (c) the Strapi REST predict with a full-access API token, child process,
 * side by side in one run; then one request of all 1,201 holdout texts vs one in-process run.
 * Servers are pinned to CPU 0 and this process to CPU 1 (taskset), traffic on 127.0.0.1 only.
 *
 *   npm run bench:serving [-- --connections 10 --duration 10 --warmup 2 --batch-runs 5]
 *   npm run bench:serving -- --profile [--fast-path-off] [--prof-dir /tmp/prof]
 *       # SQL per request (knex debug), then Strapi and Koa under --cpu-prof during a load, summarised
 *   --no-onnxruntime-row: skip the Strapi run with MODEL_MANAGER_COMPILED_SCORERS=false (onnxruntime instead of the
 *       scorer compiled from the model's weights, which serves it by default)
 *   --no-fast-path-off: skip the second Strapi run with MODEL_MANAGER_FAST_PATH=false (when the build has that switch)
 *   --wait-quiet [seconds]: first wait (default up to 120 s) until other processes use < 0.25 core
 *   --retries N --disturbed-limit 0.3: a window in which other processes used > 0.3 core is flagged DISTURBED and
 *       measured again up to N times after waiting for quiet (default N = 0, or 2 with --wait-quiet)
 * Env equivalents: BENCH_CONNECTIONS, BENCH_DURATION, BENCH_WARMUP, BENCH_BATCH_RUNS, BENCH_PROFILE, BENCH_WAIT_QUIET.
 * Quick check that it runs: --duration 2 --warmup 1 --batch-runs 1 --no-fast-path-off
 * Needs a build (`node_modules/.bin/strapi build`); figures are written to bench/results/serving.json.
 * Steps live in bench/serving/: options, servers, measure, strapi-phase, profile, report.
 */
import fs from 'node:fs';
import path from 'node:path';
import { log, maybeWaitForQuiet, runMain } from './lib/bench';
import { FOREIGN_MODEL, readJsonl } from './lib/data';
import { postJson } from './lib/http';
import { openSession } from './lib/ort';
import { hwmKiB, installExitHandlers, pinSelf, tasksetAvailable } from './lib/procs';
import { checkBuild } from './lib/strapi';
import { Correctness, loadTest, measureInProcess, timeRuns } from './serving/measure';
import {
  BATCH_RUNS,
  BENCH_CPU,
  CHUNK,
  CONNECTIONS,
  DURATION_S,
  PROFILE,
  SERVER_CPU,
  WARMUP_S,
  progress,
} from './serving/options';
import { profileMode } from './serving/profile';
import { report } from './serving/report';
import { startKoa } from './serving/servers';
import { strapiPhase, strapiVariants, type StrapiRun } from './serving/strapi-phase';

async function main() {
  installExitHandlers();
  const pin = pinSelf(BENCH_CPU);
  const buildWarning = checkBuild();
  const taskset = tasksetAvailable();

  const texts = readJsonl('partisan/holdout.jsonl').map((h) => h.text);
  const bodies = texts.map((text) => JSON.stringify({ text }));
  const modelPath = FOREIGN_MODEL();
  const modelBytes = new Uint8Array(fs.readFileSync(modelPath));

  log(
    `# Serving benchmark: ${path.basename(modelPath)}, ${texts.length} holdout texts cycled as request bodies`
  );
  log(
    `connections ${CONNECTIONS}, duration ${DURATION_S} s per target after ${WARMUP_S} s warm-up; onnxruntime 1 intra-op / 1 inter-op thread everywhere`
  );
  log(
    taskset
      ? `pinning: servers on CPU ${SERVER_CPU} (taskset -c ${SERVER_CPU}); ${pin.note}`
      : `pinning: taskset UNAVAILABLE - servers and bench are NOT pinned`
  );
  if (!pin.pinned && taskset) log(`WARNING: ${pin.note}`);
  if (buildWarning) log(buildWarning);
  const quiet = await maybeWaitForQuiet();
  if (quiet) log(quiet);

  if (PROFILE) {
    await profileMode(modelBytes, modelPath, bodies);
    return;
  }

  // (a) in-process: single texts, then the reference answers every server is checked against
  progress('in-process: opening a session');
  const session = await openSession(modelBytes);
  const inProcess = await measureInProcess(session, texts);
  const correctness = await Correctness.reference(session, texts);

  // batch, in-process: one run of all texts (peak memory noted), then runs of CHUNK as the plugin does
  progress(
    `batch in-process: ${BATCH_RUNS} runs of ${texts.length} texts (one run, then chunks of ${CHUNK})`
  );
  const hwmBefore = hwmKiB(process.pid);
  const inProcOne = await timeRuns(
    BATCH_RUNS,
    () => session.predict(texts),
    'in-process: one session.run'
  );
  const hwmAfter = hwmKiB(process.pid);
  const inProcChunked = await timeRuns(
    BATCH_RUNS,
    async () => {
      for (let s = 0; s < texts.length; s += CHUNK)
        await session.predict(texts.slice(s, s + CHUNK));
    },
    `in-process: runs of ${CHUNK} (as the plugin)`
  );

  // (b) Koa
  progress('starting the Koa server');
  const koaServer = await startKoa(modelPath);
  const koa = koaServer.proc;
  await correctness.checkSingles('Koa', koaServer.url, {}, (j) => j);
  const koaTarget = await loadTest('Koa + onnxruntime', koaServer.url, {}, bodies, koa.pid);
  progress('batch Koa');
  const koaBatchBody = JSON.stringify({ texts });
  const koaBatch = await timeRuns(
    BATCH_RUNS,
    async () => {
      const r = await postJson(koaServer.url, koaBatchBody);
      if (r.status !== 200) throw new Error(`Koa batch: HTTP ${r.status}`);
    },
    `Koa {texts} (runs of ${CHUNK})`,
    [koa.pid]
  );
  const koaHwm = hwmKiB(koa.pid);
  await koa.stop();

  // (c) Strapi, one fresh server per configuration variant
  const strapiRuns: StrapiRun[] = [];
  for (const v of strapiVariants())
    strapiRuns.push(
      await strapiPhase(v, modelBytes, bodies, texts, session, inProcOne, correctness)
    );
  await session.release();

  report({
    texts,
    modelPath,
    pinning: { taskset, pin },
    buildWarning,
    inProcess,
    koa: koaTarget,
    strapiRuns,
    batch: { inProcOne, inProcChunked, koa: koaBatch },
    memory: { koaHwm, hwmBefore, hwmAfter },
    correctness,
  });
}

runMain('serving', main);
