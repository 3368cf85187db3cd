/**
 * Many-models benchmark: 200 production models (our trainer and exporter, each on its own seeded
 * subset of partisan/train.jsonl) taken to production on a setup server whose cache holds them all,
 * then served through a session cache of 50 (MODEL_MANAGER_CACHE_SESSIONS) once prewarmed, by
 * access pattern (round-robin, Zipf, 80/20): throughput, latency of expected misses vs hits (the
 * sequence replayed through an LRU of the cache's size: the server keeps no cache statistics), peak
 * RSS. Last (or alone, with --engines-only), compiled scorers against onnxruntime sessions on the
 * same versions (many-models/engines.ts). Servers on CPU 0, this process on CPU 1.
 *
 *   npm run bench:many-models [-- --models 200 --subset 300 --requests 2000 --concurrency 4 --cache 50]
 *   npm run bench:many-models -- --models 1000 --engines-only   (uploads each through the sandbox: 10-20 min)
 * Quick check that it runs: --models 8 --subset 60 --requests 40 --concurrency 2 --cache 4
 */
import crypto from 'node:crypto';
import {
  exportToOnnx,
  seededRandom,
  trainTextClassifier,
} from '../src/plugins/model-manager/server/src/ml';
import { adminApi, firstAdmins } from '../tests/helpers/http-admin';
import { readJsonl } from '../tests/helpers/data';
import { log, opt, pinSelf, runMain } from './lib/bench';
import { succeeded } from './lib/load';
import { ByteLru } from '../src/plugins/model-manager/server/src/serving-engine/byte-lru';
import { hotCold, roundRobin, zipf } from './lib/patterns';
import { cpuWindow, hwmKiB, mibOf, rssKiB, rssSampler } from './lib/proc';
import { fmt, fmtInt, median, pct, summarize, table } from './lib/stats';
import { checkBuild, freshDbFile, predictPath, uploadReviewPromote } from './lib/strapi';
import { compareEngines, startServer, waitForPrewarm } from './many-models/engines';
import {
  CACHE,
  CONCURRENCY,
  MODELS,
  predictSequence,
  progress,
  slugOf,
  type Setup,
} from './many-models/options';

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

/** One access pattern; expected hits from an LRU of the cache's size replayed in issue order. */
async function runPhase(
  name: string,
  sequence: Int32Array,
  server: Setup,
  lru: ByteLru<true>,
  texts: string[]
) {
  const hit = Array.from(sequence, (key) => {
    const cached = lru.get(String(key)) !== undefined;
    if (!cached) lru.set(String(key), true, 1);
    return cached;
  });
  const sampler = rssSampler(server.pid);
  const cpu = cpuWindow([server.pid]);
  progress(`${name}: ${sequence.length} requests at concurrency ${CONCURRENCY}`);
  const r = await predictSequence(server, sequence, texts);
  const { server: serverCpu, others } = cpu();
  sampler.stop();
  if (r.firstError) progress(`${name}: first failure: ${r.firstError}`);
  const ok = succeeded(r);
  const { p50, p99, max } = summarize(ok);
  const by = (wanted: boolean) => {
    const l = summarize(
      Array.from(r.latencyMs).filter((ms, i) => hit[i] === wanted && Number.isFinite(ms))
    );
    return `${fmt(l.p50)} / ${fmt(l.p99)}`;
  };
  const hitRate = pct(hit.filter(Boolean).length / hit.length);
  const [rate, failed, peak] = [
    fmtInt(ok.length / r.wallS),
    sequence.length - ok.length,
    sampler.peak(),
  ];
  const cpuCell = `${pct(serverCpu)} / ${pct(others)}`;
  return [
    name,
    rate,
    fmt(p50),
    fmt(p99),
    fmt(max, 1),
    String(failed),
    hitRate,
    by(false),
    by(true),
    fmtInt(peak / 1024),
    cpuCell,
  ];
}

const PATTERNS: Array<[string, Int32Array]> = [
  ['round-robin', roundRobin(MODELS, REQUESTS)],
  ['zipf s=1', zipf(MODELS, REQUESTS, 1, 8)],
  ['80/20', hotCold(MODELS, REQUESTS, 0.2, 0.8, 14)],
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
  log(
    `setup: ${MODELS} models created, uploaded, reviewed and promoted in ${fmt((performance.now() - t1) / 1000, 1)} s; predict right after each promotion: ${MODELS - failed.length} x 200${failed.length ? `, FAILED ${failed.slice(0, 3).join('; ')}` : ''}`
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
    // the plugin's own LRU, each model weighing 1: bounded by count, as the session cache is here
    const lru = new ByteLru<true>(CACHE);
    const rows = [];
    for (const [name, sequence] of PATTERNS)
      rows.push(await runPhase(name, sequence, under, lru, texts));
    const serverHwm = hwmKiB(server.pid);
    await server.stop();
    log(
      `\n## Predict, ${REQUESTS} requests per pattern, concurrency ${CONCURRENCY}, each body a different holdout text`
    );
    const header = ['pattern', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'failed', 'exp. hit rate'];
    header.push('miss p50 / p99', 'hit p50 / p99', 'RSS peak MiB', 'CPU server / others');
    log(table([header, ...rows]));
    log(
      `Patterns: round-robin is model i mod ${MODELS}; zipf P(rank k) ~ 1/k; 80/20 sends 80% of requests to ${Math.round(MODELS * 0.2)} hot models. Expected hits: an LRU of ${CACHE} replayed over each sequence in issue order (the server has no cache statistics); the first pattern starts from the cache the prewarm left, so some of its expected misses may have hit. Server VmHWM over the run: ${mibOf(serverHwm)} MiB.`
    );
  }
  await compareEngines(dbFile, setup.admins, texts);
  log(`\nWhole bench: ${fmt((performance.now() - t0) / 1000, 0)} s.`);
}

runMain('many-models', main);
