/**
 * Many-models benchmark: 200 distinct production models served through a session cache of 50.
 *
 * Builds 200 small artifacts with the project's own trainer + ONNX exporter (each on a different
 * seeded random subset of partisan/train.jsonl), creates 200 models, uploads (API token), approves
 * (admin, four-eyes), promotes (API token); restarts the server with the cache under test
 * (MODEL_MANAGER_CACHE_SESSIONS / MODEL_MANAGER_CACHE_MB, default 50 / 1024), then sends predict
 * requests by several access patterns (round-robin, Zipf, 80/20) and reports throughput, latency
 * of cache misses vs hits, peak RSS of the server (VmRSS sampled every 100 ms) and the hit rate.
 * The server exposes no cache statistics, so hits and misses come from replaying each request
 * sequence through an LRU of the same size (see lib/patterns.ts) and are checked against latency.
 *
 *   npm run bench:many-models [-- --models 200 --subset 300 --requests 2000 --concurrency 4 --cache 50 --cache-mb 1024]
 *       [--setup-cache N] [--setup-concurrency 4] [--profile [--prof-dir DIR]] [--wait-quiet [seconds]]
 * Env equivalents: BENCH_MODELS, BENCH_SUBSET, BENCH_REQUESTS, BENCH_CONCURRENCY, BENCH_CACHE, BENCH_CACHE_MB, BENCH_SEED,
 * BENCH_SETUP_CACHE, BENCH_SETUP_CONCURRENCY, BENCH_PROFILE, BENCH_WAIT_QUIET.
 * Servers are pinned to CPU 0, this process to CPU 1. JSON: bench/results/many-models.json.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { exportToOnnx, trainTextClassifier } from '../src/plugins/model-manager/server/src/ml/index';
import { flag, numOpt, strOpt } from './lib/cli';
import { analyzeProfile, printProfile } from './lib/cpuprofile';
import { CpuMeter, describeCpu, pct, waitForQuiet, type CpuWindow } from './lib/cpu';
import { readJsonl } from './lib/data';
import { closedLoop } from './lib/load';
import { openSession } from './lib/ort';
import { LruSimulator, hotCold, roundRobin, zipf } from './lib/patterns';
import { freePort, installExitHandlers, pinSelf, readMemory, RssSampler, tasksetAvailable } from './lib/procs';
import { environment, writeResults } from './lib/results';
import { fmt, fmtInt, median, summarize, table, rng, type LatencySummary } from './lib/stats';
import {
  REPO_ROOT, bootstrapCredentials, call, checkBuild, createModel, freshDbFile, removeDb, startStrapi, uploadApprovePromote,
  type Credentials, type StrapiServer,
} from './lib/strapi';

const MODELS = numOpt('models', 'BENCH_MODELS', 200);
const SUBSET = numOpt('subset', 'BENCH_SUBSET', 300);
const REQUESTS = numOpt('requests', 'BENCH_REQUESTS', 2000);
const CONCURRENCY = numOpt('concurrency', 'BENCH_CONCURRENCY', 4);
const CACHE = numOpt('cache', 'BENCH_CACHE', 50);
const CACHE_MB = numOpt('cache-mb', 'BENCH_CACHE_MB', 1024);
const SEED = numOpt('seed', 'BENCH_SEED', 1);
/** Cache of the setup server (default: all models fit, so promotions stay cheap); --setup-cache 50 shows what promotions cost when they do not. */
const SETUP_CACHE = numOpt('setup-cache', 'BENCH_SETUP_CACHE', 0);
/** Models set up in parallel (create, upload, review, promote); 1 gives clean per-step timings. */
const SETUP_CONCURRENCY = numOpt('setup-concurrency', 'BENCH_SETUP_CONCURRENCY', 4);
/** --profile: the server under test runs under node --cpu-prof; each pattern's window is summarised. */
const PROFILE = flag('profile', 'BENCH_PROFILE');
const PROF_DIR = strOpt('prof-dir', 'BENCH_PROF_DIR', '/tmp/prof/many-models');
const SERVER_CPU = 0;
const BENCH_CPU = 1;
const ENV_SESSIONS = 'MODEL_MANAGER_CACHE_SESSIONS';
const ENV_MB = 'MODEL_MANAGER_CACHE_MB';

const log = (msg: string) => console.log(msg);
const progress = (msg: string) => console.error(`[many-models] ${msg}`);
const slugOf = (i: number) => `mm-${String(i).padStart(3, '0')}`;
const kib2mib = (k: number) => fmtInt(k / 1024);

/** Whether the built config reads the cache env vars (the plugin's sessionCache is otherwise fixed at 50 / 1024 MiB). */
function cacheEnvHonoured(): { sessions: boolean; mb: boolean } {
  const file = path.join(REPO_ROOT, 'dist', 'config', 'plugins.js');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  return { sessions: text.includes(ENV_SESSIONS), mb: text.includes(ENV_MB) };
}

interface Artifact {
  slug: string;
  bytes: Uint8Array;
  hash: string;
  vocabulary: number;
}

function buildArtifacts(): { artifacts: Artifact[]; seconds: number } {
  const train = readJsonl('partisan/train.jsonl');
  if (SUBSET > train.length) throw new Error(`--subset ${SUBSET} exceeds the ${train.length} training texts`);
  const t0 = performance.now();
  const artifacts: Artifact[] = [];
  for (let m = 0; m < MODELS; m += 1) {
    const random = rng(SEED * 100_003 + m);
    const picked = new Set<number>();
    while (picked.size < SUBSET) picked.add(Math.floor(random() * train.length));
    const samples = [...picked].map((i) => train[i]);
    const model = trainTextClassifier(samples, {});
    const bytes = exportToOnnx(model);
    artifacts.push({ slug: slugOf(m), bytes, hash: crypto.createHash('sha256').update(bytes).digest('hex'), vocabulary: model.training.vocabularySize });
  }
  return { artifacts, seconds: (performance.now() - t0) / 1000 };
}

interface PhaseReport {
  name: string;
  requests: number;
  concurrency: number;
  distinctModels: number;
  wallS: number;
  rps: number;
  ok: number;
  failed: number;
  firstError?: string;
  latency: LatencySummary;
  simulated: { hits: number; misses: number; hitRate: number; unknownAtStart: number };
  missLatency: LatencySummary;
  hitLatency: LatencySummary;
  firstTouchLatency: LatencySummary;
  repeatLatency: LatencySummary;
  /** Requests slower than 2x the median simulated-hit latency (pooled over all patterns), among simulated misses / hits. */
  slowShare: { misses: number; hits: number };
  raw: { hitLat: number[]; missLat: number[] };
  startRssKiB: number;
  peakRssKiB: number;
  endRssKiB: number;
  cpu: CpuWindow;
  /** CLOCK_MONOTONIC µs, for windowing a CPU profile */
  fromUs: number;
  toUs: number;
}

async function runPhase(
  name: string,
  sequence: Int32Array,
  server: StrapiServer,
  creds: Credentials,
  texts: string[],
  lru: LruSimulator,
  rss: RssSampler,
  knownState: boolean
): Promise<PhaseReport> {
  // expected hits: replay the sequence through an LRU of the cache's size, in issue order
  const hit = new Uint8Array(sequence.length);
  const firstTouch = new Uint8Array(sequence.length);
  const touched = new Set<number>();
  let unknownAtStart = 0;
  for (let i = 0; i < sequence.length; i += 1) {
    hit[i] = lru.touch(sequence[i]) ? 1 : 0;
    if (!touched.has(sequence[i])) {
      firstTouch[i] = 1;
      touched.add(sequence[i]);
      if (!knownState && !hit[i]) unknownAtStart += 1;
    }
  }
  rss.reset();
  const startRss = rss.current();
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  const meter = new CpuMeter([server.pid]).start();
  const headers = { authorization: `Bearer ${creds.apiToken}` };
  progress(`${name}: ${sequence.length} requests over ${touched.size} models at concurrency ${CONCURRENCY}`);
  const r = await closedLoop({
    base: server.base,
    n: sequence.length,
    concurrency: CONCURRENCY,
    request: (i) => ({
      path: `/api/model-manager/models/${slugOf(sequence[i])}/predict`,
      body: JSON.stringify({ text: texts[i % texts.length] }),
      headers,
    }),
  });
  const cpu = meter.stop();
  const toUs = Number(process.hrtime.bigint() / 1000n);
  const peak = rss.peak();
  const pick = (pred: (i: number) => boolean) => {
    const out: number[] = [];
    for (let i = 0; i < sequence.length; i += 1) if (pred(i) && Number.isFinite(r.latencyMs[i])) out.push(r.latencyMs[i]);
    return out;
  };
  const okLat = pick(() => true);
  const hitLat = pick((i) => hit[i] === 1);
  const missLat = pick((i) => hit[i] === 0);
  const hits = hit.reduce((a, b) => a + b, 0);
  const report: PhaseReport = {
    name,
    requests: sequence.length,
    concurrency: CONCURRENCY,
    distinctModels: touched.size,
    wallS: r.wallS,
    rps: okLat.length / r.wallS,
    ok: okLat.length,
    failed: sequence.length - okLat.length,
    firstError: r.firstError,
    latency: summarize(okLat),
    simulated: { hits, misses: sequence.length - hits, hitRate: hits / sequence.length, unknownAtStart },
    missLatency: summarize(missLat),
    hitLatency: summarize(hitLat),
    firstTouchLatency: summarize(pick((i) => firstTouch[i] === 1)),
    repeatLatency: summarize(pick((i) => firstTouch[i] === 0)),
    slowShare: { misses: NaN, hits: NaN },
    raw: { hitLat, missLat },
    startRssKiB: startRss,
    peakRssKiB: peak,
    endRssKiB: rss.current(),
    cpu,
    fromUs,
    toUs,
  };
  progress(`${name}: ${fmtInt(report.rps)} req/s, p50 ${fmt(report.latency.p50)} ms, simulated hit rate ${pct(report.simulated.hitRate)}; CPU: ${describeCpu(cpu)}`);
  if (report.failed) progress(`${name}: ${report.failed} failed requests; first: ${r.firstError}`);
  return report;
}

/** --wait-quiet [seconds]: before the measured patterns (after setup), wait (up to that long, default 120 s) until other processes use < 0.25 core. */
async function maybeWaitForQuiet(): Promise<string | null> {
  const raw = process.argv.includes('--wait-quiet') || process.env.BENCH_WAIT_QUIET;
  if (!raw) return null;
  const given = Number(strOpt('wait-quiet', 'BENCH_WAIT_QUIET', '120'));
  const timeoutS = Number.isFinite(given) && given > 0 ? given : 120;
  const r = await waitForQuiet({ maxOthers: 0.25, timeoutS });
  return r.quiet
    ? `machine quiet after ${r.waitedS.toFixed(0)} s (other processes ${pct(r.others)} of a core)`
    : `WARNING: machine still busy after ${r.waitedS.toFixed(0)} s (other processes ${pct(r.others)} of a core): figures will be disturbed`;
}

async function main() {
  installExitHandlers();
  const pin = pinSelf(BENCH_CPU);
  const buildWarning = checkBuild();
  const honoured = cacheEnvHonoured();
  const t0 = performance.now();
  const texts = readJsonl('partisan/holdout.jsonl').map((h) => h.text);

  log(`# Many-models benchmark: ${MODELS} models, session cache ${CACHE} sessions / ${CACHE_MB} MiB, ${REQUESTS} requests per pattern at concurrency ${CONCURRENCY}`);
  log(tasksetAvailable() ? `pinning: Strapi on CPU ${SERVER_CPU} (taskset -c ${SERVER_CPU}); ${pin.note}` : 'pinning: taskset UNAVAILABLE - server and bench are NOT pinned');
  if (buildWarning) log(buildWarning);
  if (!honoured.sessions || !honoured.mb) {
    log(
      `NOTE: the built config does not read ${!honoured.sessions ? ENV_SESSIONS : ''}${!honoured.sessions && !honoured.mb ? ' / ' : ''}${!honoured.mb ? ENV_MB : ''}: ` +
        `the plugin's sessionCache stays at its default (maxSessions 50, maxBytes 1024 MiB, server/src/config.ts), whatever this bench asks for.`
    );
  }

  // 1. setup server (boots on CPU 0 while the artifacts are trained here on CPU 1)
  const dbFile = freshDbFile('many-models');
  const setupCache = SETUP_CACHE > 0 ? SETUP_CACHE : Math.max(CACHE, MODELS + 10);
  progress(`starting the setup server (cache ${setupCache} sessions, so that promotions do not thrash it) while training ${MODELS} artifacts`);
  const setupServerP = startStrapi({ port: await freePort(), dbFile, cpu: SERVER_CPU, env: { [ENV_SESSIONS]: String(setupCache), [ENV_MB]: String(Math.max(CACHE_MB, 4096)) } });
  setupServerP.catch(() => undefined);
  const { artifacts, seconds: trainS } = buildArtifacts();
  const distinct = new Set(artifacts.map((a) => a.hash)).size;
  const sizes = artifacts.map((a) => a.bytes.byteLength);
  progress(`trained and exported ${MODELS} artifacts in ${fmt(trainS, 1)} s; ${distinct} distinct hashes`);
  if (distinct !== MODELS) throw new Error(`only ${distinct} distinct artifacts out of ${MODELS}: the subsets must differ`);

  // resident memory of one session (same options as the plugin), measured in this process while the server boots
  const sessionsProbe = Math.min(CACHE, MODELS);
  if (global.gc) global.gc();
  const rssBefore = readMemory(process.pid)?.rssKiB ?? NaN;
  const probeSessions = [];
  for (let m = 0; m < sessionsProbe; m += 1) {
    const session = await openSession(artifacts[m].bytes);
    await session.predict(['smoke test: does this model answer?', 'a second text']);
    probeSessions.push(session);
  }
  const rssAfter = readMemory(process.pid)?.rssKiB ?? NaN;
  for (const session of probeSessions) await session.release();
  const perSessionKiB = (rssAfter - rssBefore) / sessionsProbe;
  progress(`${sessionsProbe} sessions opened in-process: RSS +${kib2mib(rssAfter - rssBefore)} MiB, ${fmt(perSessionKiB / 1024, 2)} MiB each`);

  const setup = await setupServerP;
  const idleRss = readMemory(setup.pid);
  const creds = await bootstrapCredentials(setup.base);
  const timings = { upload: [] as number[], review: [] as number[], promote: [] as number[] };
  const setupT0 = performance.now();
  // each model: create, upload, review, promote, then predict at once (the promotion must serve immediately)
  const afterPromote = { ok: 0, failed: 0, statuses: {} as Record<string, number>, first: '' };
  let nextModel = 0;
  let done = 0;
  const setupWorker = async () => {
    while (nextModel < MODELS) {
      const a = artifacts[nextModel];
      nextModel += 1;
      await createModel(setup.base, creds, a.slug, `Many-models ${a.slug}`);
      await uploadApprovePromote(setup.base, creds, a.slug, a.bytes, timings);
      const res = await call(setup.base, 'POST', `/api/model-manager/models/${a.slug}/predict`, { bearer: creds.apiToken, json: { text: texts[0] }, expect: [200, 201, 204, 400, 403, 404, 409, 500, 503] });
      if (res.status === 200) afterPromote.ok += 1;
      else {
        afterPromote.failed += 1;
        afterPromote.statuses[res.status] = (afterPromote.statuses[res.status] ?? 0) + 1;
        afterPromote.first ||= `${a.slug}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
      }
      done += 1;
      if (done % 50 === 0) progress(`set up ${done}/${MODELS} models`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, SETUP_CONCURRENCY) }, setupWorker));
  const setupS = (performance.now() - setupT0) / 1000;
  // correctness spot-check: 3 models answer what onnxruntime says for their own artifact
  // (after two routing polls: a promotion may reach the local routing table only with the next poll, see afterPromote)
  await new Promise((r) => setTimeout(r, 600));
  let spotDiff = 0;
  for (const m of [0, Math.floor(MODELS / 2), MODELS - 1]) {
    const session = await openSession(artifacts[m].bytes);
    const expected = await session.predict([texts[m]]);
    const res = await call(setup.base, 'POST', `/api/model-manager/models/${artifacts[m].slug}/predict`, { bearer: creds.apiToken, json: { text: texts[m] } });
    session.classLabels.forEach((label, k) => {
      spotDiff = Math.max(spotDiff, Math.abs(res.body.data.probabilities[label] - expected[k]));
    });
    await session.release();
  }
  const setupHwm = readMemory(setup.pid)?.hwmKiB ?? NaN;
  await setup.stop();

  // 2. the server under test: same database, the cache under test; its boot preloads every production version
  progress(`restarting with ${ENV_SESSIONS}=${CACHE} ${ENV_MB}=${CACHE_MB}`);
  if (PROFILE) fs.mkdirSync(PROF_DIR, { recursive: true });
  const profilesBefore = PROFILE ? new Set(fs.readdirSync(PROF_DIR)) : new Set<string>();
  const server = await startStrapi({
    dbFile,
    cpu: SERVER_CPU,
    env: { [ENV_SESSIONS]: String(CACHE), [ENV_MB]: String(CACHE_MB) },
    nodeArgs: PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROF_DIR}`] : undefined,
  });
  const bootMem = readMemory(server.pid);
  const rss = new RssSampler(server.pid, 100).start();

  const quiet = await maybeWaitForQuiet(); // measured phases only: the setup is not timed for the report's main figures
  if (quiet) log(quiet);
  const lru = new LruSimulator(CACHE);
  const phases: PhaseReport[] = [];
  const patterns: Array<{ name: string; sequence: Int32Array; describe: string }> = [
    { name: 'round-robin', sequence: roundRobin(MODELS, REQUESTS), describe: `model i mod ${MODELS}` },
    { name: 'zipf s=1', sequence: zipf(MODELS, REQUESTS, 1, SEED + 7), describe: `P(rank k) ~ 1/k over ${MODELS} models` },
    { name: '80/20', sequence: hotCold(MODELS, REQUESTS, 0.2, 0.8, SEED + 13), describe: `80% of requests to ${Math.round(MODELS * 0.2)} hot models` },
  ];
  for (const [k, p] of patterns.entries()) phases.push(await runPhase(p.name, p.sequence, server, creds, texts, lru, rss, k > 0));
  const hitMedian = median(phases.flatMap((p) => p.raw.hitLat));
  const slow = (xs: number[]) => (xs.length ? xs.filter((x) => x > 2 * hitMedian).length / xs.length : NaN);
  for (const p of phases) p.slowShare = { misses: slow(p.raw.missLat), hits: slow(p.raw.hitLat) };
  const serverHwm = readMemory(server.pid)?.hwmKiB ?? NaN;
  rss.stop();
  await server.stop();
  removeDb(dbFile);
  const totalS = (performance.now() - t0) / 1000;

  // ---- report
  log(`\n## Artifacts (trainer defaults, ${SUBSET} random training texts each, seed ${SEED})`);
  log(
    table([
      ['', 'min', 'median', 'max'],
      ['ONNX size (KiB)', fmt(Math.min(...sizes) / 1024, 1), fmt(median(sizes) / 1024, 1), fmt(Math.max(...sizes) / 1024, 1)],
      ['vocabulary', String(Math.min(...artifacts.map((a) => a.vocabulary))), String(median(artifacts.map((a) => a.vocabulary))), String(Math.max(...artifacts.map((a) => a.vocabulary)))],
    ])
  );
  log(
    `resident memory per loaded session (${sessionsProbe} sessions opened in the bench process, same options as the plugin): ` +
      `${fmt(perSessionKiB / 1024, 2)} MiB each, vs a median artifact of ${fmt(median(sizes) / 1024, 1)} KiB: the cache's byte bound (${ENV_MB}) counts artifact bytes, ` +
      `so ${CACHE_MB} MiB of artifacts could mean ~${fmtInt((CACHE_MB * 1024) / (median(sizes) / 1024) * (perSessionKiB / 1024) / 1024)} GiB resident if the count bound allowed it`
  );
  log(`${distinct} distinct artifact hashes; trained + exported in ${fmt(trainS, 1)} s; spot check (3 models vs in-process onnxruntime): max |dp| ${spotDiff.toExponential(2)}${spotDiff > 1e-5 ? '  !!! WRONG ANSWERS !!!' : ''}`);

  const band = (xs: number[], from: number, to: number) => median(xs.slice(from, to));
  log(`\n## Setup (server with a ${setupCache}-session cache${honoured.sessions ? '' : ' REQUESTED but not honoured: it ran with 50'}, ${SETUP_CONCURRENCY} models in parallel): ${fmt(setupS, 1)} s for ${MODELS} models`);
  log(
    table([
      ['step, median ms (in completion order)', `models 1-${Math.min(50, MODELS)}`, ...(MODELS > 50 ? [`51-${Math.min(100, MODELS)}`] : []), ...(MODELS > 100 ? [`101-${MODELS}`] : [])],
      ...(['upload', 'review', 'promote'] as const).map((k) => [
        k === 'review' ? 'submit + approve (admin)' : k,
        fmt(band(timings[k], 0, 50), 1),
        ...(MODELS > 50 ? [fmt(band(timings[k], 50, 100), 1)] : []),
        ...(MODELS > 100 ? [fmt(band(timings[k], 100, MODELS), 1)] : []),
      ]),
    ])
  );
  log(`setup server RSS: ${kib2mib(idleRss?.rssKiB ?? NaN)} MiB idle before any model, VmHWM ${kib2mib(setupHwm)} MiB at the end`);
  log(
    `predict right after each promotion (${SETUP_CONCURRENCY} models set up in parallel): ${afterPromote.ok} x 200, ${afterPromote.failed} failed` +
      (afterPromote.failed ? `  !!! ${JSON.stringify(afterPromote.statuses)}; first: ${afterPromote.first}` : '')
  );

  log(`\n## Server under test: boot with ${MODELS} production models (preloaded by the routing table at boot): ${fmt(server.bootMs / 1000, 1)} s to /_health 204; RSS ${kib2mib(bootMem?.rssKiB ?? NaN)} MiB, VmHWM ${kib2mib(bootMem?.hwmKiB ?? NaN)} MiB right after boot`);
  log(`\n## Predict, ${REQUESTS} requests per pattern, concurrency ${CONCURRENCY}, each body a different holdout text`);
  log(
    table([
      ['pattern', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'ok', 'failed', 'exp. hit rate', 'RSS MiB start/peak/end', 'server CPU', 'others CPU'],
      ...phases.map((p) => [
        p.name, fmtInt(p.rps), fmt(p.latency.p50), fmt(p.latency.p90), fmt(p.latency.p99), fmt(p.latency.max, 1), String(p.ok), String(p.failed), pct(p.simulated.hitRate),
        `${kib2mib(p.startRssKiB)} / ${kib2mib(p.peakRssKiB)} / ${kib2mib(p.endRssKiB)}`, pct(p.cpu.server), `${pct(p.cpu.others)}${p.cpu.others > 0.3 ? ' DISTURBED' : ''}`,
      ]),
    ])
  );
  log(`\nLatency by expected cache outcome (LRU of ${CACHE} replayed over each sequence in issue order; the server has no stats endpoint) and by first touch:`);
  log(
    table([
      ['pattern', 'misses', 'miss p50', 'miss p90', 'miss p99', 'hits', 'hit p50', 'hit p90', 'hit p99', `>${fmt(2 * hitMedian, 1)} ms: miss/hit`, 'first-touch p50', 'repeat p50'],
      ...phases.map((p) => [
        p.name,
        String(p.simulated.misses),
        fmt(p.missLatency.p50),
        fmt(p.missLatency.p90),
        fmt(p.missLatency.p99),
        String(p.simulated.hits),
        fmt(p.hitLatency.p50),
        fmt(p.hitLatency.p90),
        fmt(p.hitLatency.p99),
        `${pct(p.slowShare.misses)} / ${pct(p.slowShare.hits)}`,
        fmt(p.firstTouchLatency.p50),
        fmt(p.repeatLatency.p50),
      ]),
    ])
  );
  for (const p of patterns) log(`  ${p.name}: ${p.describe}`);
  log(`  ">${fmt(2 * hitMedian, 1)} ms": share of requests slower than twice the median latency of all expected hits (${fmt(hitMedian, 2)} ms) - a check that expected misses really are the slow ones`);
  log(
    `\nRound-robin over ${MODELS} models with an LRU of ${CACHE}: every request misses once the cycle is longer than the cache (expected hit rate 0%;` +
      ` the first pattern starts from the cache left by the boot preload, unknown here: up to ${Math.min(CACHE, phases[0].simulated.unknownAtStart)} of its first touches may have hit).`
  );
  log(`server VmHWM over the whole run: ${kib2mib(serverHwm)} MiB. Whole bench: ${fmt(totalS, 0)} s.`);
  log(`(CPU columns: share of one core; "others CPU" = all other processes on this shared machine - high values mean disturbed figures)`);

  if (PROFILE) {
    const written = fs.readdirSync(PROF_DIR).filter((f) => f.endsWith('.cpuprofile') && !profilesBefore.has(f));
    if (written.length === 0) log(`--profile: no .cpuprofile was written to ${PROF_DIR}`);
    else {
      const file = path.join(PROF_DIR, written.sort().pop()!);
      for (const p of phases) {
        log(`\n## Server profile during "${p.name}" (${p.ok} requests, ${p.simulated.misses} expected misses; profiling slows the server)`);
        printProfile(analyzeProfile(file, 20, { fromUs: p.fromUs, toUs: p.toUs }), p.ok);
      }
      log(`raw profile: ${file}`);
    }
  }

  const out = writeResults('many-models', {
    environment: environment(),
    settings: { models: MODELS, subset: SUBSET, requests: REQUESTS, concurrency: CONCURRENCY, cache: CACHE, cacheMb: CACHE_MB, seed: SEED },
    pinning: { taskset: tasksetAvailable(), serverCpu: SERVER_CPU, bench: pin },
    buildWarning,
    cacheEnvHonoured: honoured,
    artifacts: { count: MODELS, distinct, sizes, vocabulary: artifacts.map((a) => a.vocabulary), trainS, perSessionRssKiB: perSessionKiB, sessionsProbe },
    setup: { seconds: setupS, cacheSessions: setupCache, concurrency: SETUP_CONCURRENCY, afterPromote, timings, idleRssKiB: idleRss?.rssKiB, hwmKiB: setupHwm, spotDiff },
    boot: { ms: server.bootMs, rssKiB: bootMem?.rssKiB, hwmKiB: bootMem?.hwmKiB },
    phases: phases.map(({ raw, ...p }) => p),
    hitMedianMs: hitMedian,
    serverHwmKiB: serverHwm,
    totalS,
  });
  log(`JSON: ${out}`);
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(`[many-models] FAILED: ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  });
