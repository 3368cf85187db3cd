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
 *       [--setup-cache N] [--setup-concurrency 4] [--engines-only]
 * After the access patterns (or alone, with --engines-only): compiled scorers against onnxruntime sessions on the
 * same versions (many-models/engines.ts): RSS with every version prewarmed, and the first request to each version
 * on a prewarmed server beside a cold one (prewarm off).
 * 1,000 versions: --models 1000 --engines-only (the setup uploads each through the sandbox: allow 10-20 minutes).
 * Env equivalents: BENCH_MODELS, BENCH_SUBSET, BENCH_REQUESTS, BENCH_CONCURRENCY, BENCH_CACHE, BENCH_CACHE_MB, BENCH_SEED,
 * BENCH_SETUP_CACHE, BENCH_SETUP_CONCURRENCY.
 * Quick check that it runs: --models 8 --subset 60 --requests 40 --concurrency 2 --cache 4 --setup-concurrency 2
 * Servers are pinned to CPU 0, this process to CPU 1. JSON: bench/results/many-models.json.
 * Steps live in bench/many-models/: options, artifacts, setup, phase, report.
 */
import { log, runMain } from './lib/bench';
import { readJsonl } from './lib/data';
import { LruSimulator } from './lib/patterns';
import {
  freePort,
  hwmKiB,
  installExitHandlers,
  pinSelf,
  readMemory,
  RssSampler,
  tasksetAvailable,
} from './lib/procs';
import { fmt, median } from './lib/stats';
import { bootstrapCredentials, checkBuild, freshDbFile, removeDb, startStrapi } from './lib/strapi';
import { buildArtifacts, perSessionRss } from './many-models/artifacts';
import {
  BENCH_CPU,
  BOOT_TIMEOUT_MS,
  CACHE,
  CACHE_MB,
  CONCURRENCY,
  ENV_MB,
  ENV_SESSIONS,
  MODELS,
  REQUESTS,
  SERVER_CPU,
  SETUP_CACHE,
  ENGINES_ONLY,
  cacheEnvHonoured,
  progress,
} from './many-models/options';
import { compareEngines } from './many-models/engines';
import { waitForPrewarm } from './many-models/prewarm-wait';
import { accessPatterns, runPhase, type PhaseReport } from './many-models/phase';
import { report } from './many-models/report';
import { deployAll, spotCheck } from './many-models/setup';

async function main() {
  installExitHandlers();
  const pin = pinSelf(BENCH_CPU);
  const buildWarning = checkBuild();
  const honoured = cacheEnvHonoured();
  const t0 = performance.now();
  const texts = readJsonl('partisan/holdout.jsonl').map((h) => h.text);

  log(
    `# Many-models benchmark: ${MODELS} models, session cache ${CACHE} sessions / ${CACHE_MB} MiB, ${REQUESTS} requests per pattern at concurrency ${CONCURRENCY}`
  );
  log(
    tasksetAvailable()
      ? `pinning: Strapi on CPU ${SERVER_CPU} (taskset -c ${SERVER_CPU}); ${pin.note}`
      : 'pinning: taskset UNAVAILABLE - server and bench are NOT pinned'
  );
  if (buildWarning) log(buildWarning);
  if (!honoured.sessions || !honoured.mb) {
    log(
      `NOTE: the built config does not read ${!honoured.sessions ? ENV_SESSIONS : ''}${!honoured.sessions && !honoured.mb ? ' / ' : ''}${!honoured.mb ? ENV_MB : ''}: ` +
        `the plugin's sessionCache stays at its default (maxSessions 50, maxBytes 1024 MiB, server/src/config.ts), whatever this bench asks for.`
    );
  }

  // 1. setup server (boots on CPU 0 while the artifacts are trained here on CPU 1); its cache holds every model so promotions do not thrash it
  const dbFile = freshDbFile('many-models');
  const setupCache = SETUP_CACHE > 0 ? SETUP_CACHE : Math.max(CACHE, MODELS + 10);
  progress(
    `starting the setup server (cache ${setupCache} sessions, so that promotions do not thrash it) while training ${MODELS} artifacts`
  );
  const setupServerP = startStrapi({
    port: await freePort(),
    dbFile,
    timeoutMs: BOOT_TIMEOUT_MS,
    cpu: SERVER_CPU,
    env: { [ENV_SESSIONS]: String(setupCache), [ENV_MB]: String(Math.max(CACHE_MB, 4096)) },
  });
  setupServerP.catch(() => undefined); // awaited below; avoids an unhandled rejection while training
  const { artifacts, seconds: trainS } = buildArtifacts();
  const distinct = new Set(artifacts.map((a) => a.hash)).size;
  progress(
    `trained and exported ${MODELS} artifacts in ${fmt(trainS, 1)} s; ${distinct} distinct hashes`
  );
  if (distinct !== MODELS)
    throw new Error(
      `only ${distinct} distinct artifacts out of ${MODELS}: the subsets must differ`
    );
  const probe = await perSessionRss(artifacts); // still while the server boots

  const setup = await setupServerP;
  const idleRss = readMemory(setup.pid);
  const creds = await bootstrapCredentials(setup.base);
  const deployed = await deployAll(setup, creds, artifacts, texts);
  const spotDiff = await spotCheck(setup, creds, artifacts, texts);
  const setupHwm = hwmKiB(setup.pid);
  await setup.stop();
  if (ENGINES_ONLY) {
    await compareEngines(dbFile, creds, texts);
    removeDb(dbFile);
    return;
  }

  // 2. the server under test: same database, the cache under test; after boot it prewarms the served versions
  //    in the background until its cache is full, and the patterns start once it is done
  progress(`restarting with ${ENV_SESSIONS}=${CACHE} ${ENV_MB}=${CACHE_MB}`);
  const server = await startStrapi({
    dbFile,
    timeoutMs: BOOT_TIMEOUT_MS,
    cpu: SERVER_CPU,
    env: { [ENV_SESSIONS]: String(CACHE), [ENV_MB]: String(CACHE_MB) },
  });
  const prewarmed = await waitForPrewarm(server.base, creds);
  progress(
    `prewarm: ${prewarmed.warm} of ${prewarmed.served} served versions warm ${fmt(prewarmed.waitedS, 1)} s after the server answered`
  );
  const bootMem = readMemory(server.pid);
  const rss = new RssSampler(server.pid, 100).start();

  // 3. the access patterns, one after another through one simulated LRU (the server's cache carries over too)
  const lru = new LruSimulator(CACHE);
  const phases: PhaseReport[] = [];
  const patterns = accessPatterns();
  for (const [k, p] of patterns.entries())
    phases.push(await runPhase(p.name, p.sequence, server, creds, texts, lru, rss, k > 0));
  const hitMedian = median(phases.flatMap((p) => p.raw.hitLat));
  const slow = (xs: number[]) =>
    xs.length ? xs.filter((x) => x > 2 * hitMedian).length / xs.length : NaN;
  for (const p of phases) p.slowShare = { misses: slow(p.raw.missLat), hits: slow(p.raw.hitLat) };
  const serverHwm = hwmKiB(server.pid);
  rss.stop();
  await server.stop();
  await compareEngines(dbFile, creds, texts);
  removeDb(dbFile);
  const totalS = (performance.now() - t0) / 1000;

  report({
    pinning: { taskset: tasksetAvailable(), pin },
    buildWarning,
    honoured,
    artifacts,
    distinct,
    trainS,
    probe,
    setup: { ...deployed, cacheSessions: setupCache, idleRss, hwmKiB: setupHwm, spotDiff },
    boot: { ms: server.bootMs, mem: bootMem, prewarmS: prewarmed.waitedS, warm: prewarmed.warm },
    patterns,
    phases,
    hitMedian,
    serverHwm,
    totalS,
  });
}

runMain('many-models', main);
