/**
 * Many-models benchmark: 200 distinct production models served through a session cache of 50.
 *
 * Builds 200 small artifacts with the project's own trainer + ONNX exporter (each on a different
 * seeded random subset of partisan/train.jsonl) and takes each to production on a setup server
 * whose cache holds them all (so promotions do not thrash it). Restarts the server with the cache
 * under test (MODEL_MANAGER_CACHE_SESSIONS), waits for its prewarm, then sends predicts by several
 * access patterns (round-robin, Zipf, 80/20) and reports throughput, latency of cache misses vs
 * hits, peak RSS (VmRSS sampled every 100 ms) and the hit rate. The server exposes no cache
 * statistics, so hits and misses come from replaying each request sequence through an LRU of the
 * same size (lib/patterns.ts), checked against latency. Last (or alone, with --engines-only),
 * compiled scorers against onnxruntime sessions on the same versions (many-models/engines.ts).
 *
 *   npm run bench:many-models [-- --models 200 --subset 300 --requests 2000 --concurrency 4 --cache 50]
 *   npm run bench:many-models -- --models 1000 --engines-only   (uploads each through the sandbox: 10-20 min)
 * Quick check that it runs: --models 8 --subset 60 --requests 40 --concurrency 2 --cache 4
 * Servers are pinned to CPU 0, this process to CPU 1. JSON: bench/results/many-models.json.
 */
import crypto from 'node:crypto';
import {
  exportToOnnx,
  trainTextClassifier,
} from '../src/plugins/model-manager/server/src/ml/index';
import { seededRandom } from '../src/plugins/model-manager/server/src/ml/random';
import { adminApi, firstAdmins } from '../tests/helpers/http-admin';
import { readJsonl } from '../tests/helpers/data';
import { log, opt, pinSelf, runMain, writeResults } from './lib/bench';
import { closedLoop, succeeded } from './lib/load';
import { openSession } from './lib/ort';
import { LruSimulator, hotCold, roundRobin, zipf } from './lib/patterns';
import { cpuWindow, hwmKiB, mibOf, rssKiB, rssSampler } from './lib/proc';
import { fmt, fmtInt, median, pct, summarize, table } from './lib/stats';
import { checkBuild, freshDbFile, predictPath, uploadReviewPromote } from './lib/strapi';
import { compareEngines, startServer, waitForPrewarm } from './many-models/engines';
import { CACHE, CONCURRENCY, MODELS, progress, slugOf, type Setup } from './many-models/options';

const SUBSET = opt.num('subset', 300);
const REQUESTS = opt.num('requests', 2000);

/** Each model trained on a different seeded subset of the training texts, so every artifact differs. */
function buildArtifacts() {
  const train = readJsonl<{ text: string; label: string }>('partisan/train.jsonl');
  return Array.from({ length: MODELS }, (_, m) => {
    const random = seededRandom(100_003 + m);
    const picked = new Set<number>();
    while (picked.size < SUBSET) picked.add(Math.floor(random() * train.length));
    const model = trainTextClassifier([...picked].map((i) => train[i]));
    const bytes = exportToOnnx(model);
    const hash = crypto.createHash('sha256').update(bytes).digest('hex');
    return { slug: slugOf(m), bytes, hash, vocabulary: model.training.vocabularySize };
  });
}
type Artifact = ReturnType<typeof buildArtifacts>[number];

/** Every model created and taken to production, 4 at a time, each predicted right after its promotion. */
async function deployAll({ url, admins }: Setup, artifacts: Artifact[], text: string) {
  const failed: string[] = [];
  let next = 0;
  const worker = async () => {
    for (let a = artifacts[next++]; a; a = artifacts[next++]) {
      await adminApi.createModel(url, admins.owner, a.slug);
      await uploadReviewPromote(url, admins, a.slug, a.bytes);
      const res = await adminApi.call(url, 'POST', predictPath(a.slug), {
        headers: admins.token,
        body: { text },
      });
      if (res.status !== 200) failed.push(`${a.slug}: HTTP ${res.status}`);
      if (next % 50 === 0) progress(`set up ${next}/${MODELS} models`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return failed;
}

/** Correctness: 3 models answer what onnxruntime says for their own artifact; the largest |dp|. */
async function spotCheck({ url, admins }: Setup, artifacts: Artifact[], texts: string[]) {
  let worst = 0;
  for (const m of [0, Math.floor(MODELS / 2), MODELS - 1]) {
    const session = await openSession(artifacts[m].bytes);
    const expected = await session.predict([texts[m]]);
    const body = { text: texts[m] };
    const res = await adminApi.expectOk(url, 'POST', predictPath(artifacts[m].slug), {
      headers: admins.token,
      body,
    });
    session.classLabels.forEach((label, k) => {
      worst = Math.max(worst, Math.abs(res.data.probabilities[label] - expected[k]));
    });
    await session.release();
  }
  return worst;
}

/** One access pattern; expected hits from an LRU of the cache's size replayed in issue order. */
async function runPhase(
  name: string,
  sequence: Int32Array,
  server: Setup,
  lru: LruSimulator,
  texts: string[]
) {
  const hit = Array.from(sequence, (key) => lru.touch(key));
  const sampler = rssSampler(server.pid);
  const cpu = cpuWindow([server.pid]);
  progress(`${name}: ${sequence.length} requests at concurrency ${CONCURRENCY}`);
  const r = await closedLoop({
    base: server.url,
    n: sequence.length,
    concurrency: CONCURRENCY,
    request: (i) => ({
      path: predictPath(slugOf(sequence[i])),
      body: JSON.stringify({ text: texts[i % texts.length] }),
      headers: server.admins.token,
    }),
  });
  const { server: serverCpu, others } = cpu();
  const ok = succeeded(r);
  const by = (wanted: boolean) =>
    summarize(Array.from(r.latencyMs).filter((ms, i) => hit[i] === wanted && Number.isFinite(ms)));
  if (r.firstError) progress(`${name}: first failure: ${r.firstError}`);
  sampler.stop();
  const hits = hit.filter(Boolean).length;
  const report = {
    name,
    rps: ok.length / r.wallS,
    latency: summarize(ok),
    failed: sequence.length - ok.length,
  };
  return {
    ...report,
    hitRate: hits / hit.length,
    miss: by(false),
    hit: by(true),
    peakKiB: sampler.peak(),
    serverCpu,
    others,
  };
}

const PATTERNS = [
  {
    name: 'round-robin',
    sequence: roundRobin(MODELS, REQUESTS),
    describe: `model i mod ${MODELS}`,
  },
  { name: 'zipf s=1', sequence: zipf(MODELS, REQUESTS, 1, 8), describe: `P(rank k) ~ 1/k` },
  {
    name: '80/20',
    sequence: hotCold(MODELS, REQUESTS, 0.2, 0.8, 14),
    describe: `80% of requests to ${Math.round(MODELS * 0.2)} hot models`,
  },
];

async function main() {
  log(
    `# Many-models benchmark: ${MODELS} models, session cache ${CACHE}, ${pinSelf(1)}, servers on CPU 0`
  );
  checkBuild();
  const t0 = performance.now();
  const texts = readJsonl<{ text: string }>('partisan/holdout.jsonl').map((h) => h.text);

  // 1. the setup server boots on CPU 0 while the artifacts are trained here on CPU 1
  const dbFile = freshDbFile('many-models');
  const booting = startServer(dbFile, {
    MODEL_MANAGER_CACHE_SESSIONS: String(Math.max(CACHE, MODELS + 10)),
    MODEL_MANAGER_CACHE_MB: '4096',
  });
  booting.catch(() => undefined); // awaited below; no unhandled rejection while training
  const artifacts = buildArtifacts();
  const trainS = (performance.now() - t0) / 1000;
  const distinct = new Set(artifacts.map((a) => a.hash)).size;
  if (distinct !== MODELS) throw new Error(`only ${distinct} distinct artifacts of ${MODELS}`);
  const sizes = artifacts.map((a) => a.bytes.byteLength / 1024);
  log(
    `artifacts: ${distinct} distinct, trained and exported in ${fmt(trainS, 1)} s on ${SUBSET} texts each; ONNX ${fmt(median(sizes), 1)} KiB median (${fmt(Math.min(...sizes), 1)}-${fmt(Math.max(...sizes), 1)}), vocabulary median ${median(artifacts.map((a) => a.vocabulary))}`
  );
  const booted = await booting;
  const setup: Setup = { url: booted.url, pid: booted.pid, admins: await firstAdmins(booted.url) };
  const t1 = performance.now();
  const failed = await deployAll(setup, artifacts, texts[0]);
  const spotDiff = await spotCheck(setup, artifacts, texts);
  log(
    `setup: ${MODELS} models created, uploaded, reviewed and promoted in ${fmt((performance.now() - t1) / 1000, 1)} s; predict right after each promotion: ${MODELS - failed.length} x 200${failed.length ? `, FAILED ${failed.slice(0, 3).join('; ')}` : ''}; spot check against in-process onnxruntime: max |dp| ${spotDiff.toExponential(2)}`
  );
  await booted.stop();
  if (!opt.flag('engines-only')) {
    // 2. the server under test: same database, the cache under test, the patterns once its prewarm is done
    const server = await startServer(dbFile, { MODEL_MANAGER_CACHE_SESSIONS: String(CACHE) });
    const prewarm = await waitForPrewarm(server.url, setup.admins.owner.email);
    const under: Setup = { ...setup, url: server.url, pid: server.pid };
    log(
      `\n## Server under test: boot with ${MODELS} production models ${fmt(server.bootMs / 1000, 1)} s to /_health 204, then ${prewarm.warm} prewarmed within ${fmt(prewarm.waitedS, 1)} s; RSS ${mibOf(rssKiB(server.pid))} MiB`
    );
    const lru = new LruSimulator(CACHE);
    const phases = [];
    for (const p of PATTERNS) phases.push(await runPhase(p.name, p.sequence, under, lru, texts));
    const serverHwm = hwmKiB(server.pid);
    await server.stop();
    log(
      `\n## Predict, ${REQUESTS} requests per pattern, concurrency ${CONCURRENCY}, each body a different holdout text`
    );
    const header = ['pattern', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'failed', 'exp. hit rate'];
    header.push('miss p50 / p99', 'hit p50 / p99', 'RSS peak MiB', 'CPU server / others');
    const rows = phases.map((p) => [
      p.name,
      fmtInt(p.rps),
      fmt(p.latency.p50),
      fmt(p.latency.p99),
      fmt(p.latency.max, 1),
      String(p.failed),
      pct(p.hitRate),
      `${fmt(p.miss.p50)} / ${fmt(p.miss.p99)}`,
      `${fmt(p.hit.p50)} / ${fmt(p.hit.p99)}`,
      fmtInt(p.peakKiB / 1024),
      `${pct(p.serverCpu)} / ${pct(p.others)}`,
    ]);
    log(table([header, ...rows]));
    for (const p of PATTERNS) log(`  ${p.name}: ${p.describe}`);
    log(
      `Expected hits: an LRU of ${CACHE} replayed over each sequence in issue order (the server has no cache statistics); the first pattern starts from the cache the prewarm left, so some of its expected misses may have hit. Server VmHWM over the run: ${mibOf(serverHwm)} MiB.`
    );
    writeResults('many-models', {
      MODELS,
      SUBSET,
      REQUESTS,
      CONCURRENCY,
      CACHE,
      trainS,
      sizes,
      phases,
      serverHwm,
    });
  }
  await compareEngines(dbFile, setup.admins, texts);
  log(`\nWhole bench: ${fmt((performance.now() - t0) / 1000, 0)} s.`);
}

runMain('many-models', main);
