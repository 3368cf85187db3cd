/**
 * The serving benchmark: single-text predict at 1, 10 and 64 connections through
 *   in-process onnxruntime (one call at a time), the hand-written Koa + onnxruntime server, and the
 *   Strapi REST predict fast path with batching on (default) and off (MODEL_MANAGER_BATCH_MAX_TEXTS=1),
 *   and at 10 connections Strapi on onnxruntime (MODEL_MANAGER_COMPILED_SCORERS=false), Strapi's
 *   routed path (MODEL_MANAGER_FAST_PATH=false) and the memory floor (the app without the plugin);
 * then Strapi with `explain: true`, and one request of every holdout text (`{ texts }`) against Koa
 * and one in-process run. Servers on CPU 0, this process (the load) on CPU 1. For each server: RSS
 * idle and peak under load, the cores it and every other process used, and for Strapi the batches
 * its batcher formed (requests per scorer run, from GET /model-manager/runtime).
 * Last, Koa and Strapi in alternating windows (serving/interleaved.ts), the ratio per round: the verdict.
 *
 *   npm run bench:serving-matrix [-- --duration 8 --warmup 2 --connections-list 1,10,64 --rounds 3
 *       --rounds-connections 10,64 --batch-runs 5 --server-node-args=--max-old-space-size=160]
 *   npm run bench:serving-matrix -- --rounds-only [--monitoring-off]   (the alternating windows alone,
 *       with a third Strapi, monitoring off)
 */
import fs from 'node:fs';
import { FOREIGN_MODEL, readJsonl } from '../tests/helpers/data';
import { log, opt, pinSelf, runMain } from './lib/bench';
import { openSession } from './lib/ort';
import { rssKiB, rssSampler } from './lib/proc';
import { fmt, fmtInt, median, pct, summarize, table } from './lib/stats';
import { checkBuild, freshDbFile, predictPath, runtime, startStrapi } from './lib/strapi';
import { interleaved } from './serving/interleaved';
import {
  DURATION,
  SERVER_CPU,
  SLUG,
  WARMUP,
  load,
  progress,
  setupStrapi,
  startKoa,
} from './serving/servers';

const CONNECTIONS = opt.nums('connections-list', '1,10,64');
const ROUNDS = opt.num('rounds', 3);
const BATCH_RUNS = opt.num('batch-runs', 5);

interface Cell {
  target: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx?: number;
  rssIdleMiB?: number;
  rssPeakMiB?: number;
  /** requests per scorer run */
  batches?: string;
  cpu?: string;
}
const cells: Cell[] = [];

/** Median ms of `BATCH_RUNS` calls after one warm-up call. */
async function timed(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let r = 0; r < BATCH_RUNS; r += 1) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

/** POSTs `{ texts }`, failing loudly on anything but a 200 with one answer per text. */
async function postTexts(url: string, headers: Record<string, string>, texts: string[]) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ texts }),
  });
  const body = (await res.json()) as { data?: unknown[] } | unknown[];
  const answers = Array.isArray(body) ? body : body.data;
  if (res.status !== 200 || answers?.length !== texts.length)
    throw new Error(`${url}: { texts } answered HTTP ${res.status}`);
}

type Batching = { runs: number; requests: number };

/** One server under `load` at each connection count: a cell each, with its memory and CPU. */
async function measure(
  target: string,
  server: { pid: number; url: string },
  bodies: string[],
  connections: number[],
  options: {
    headers?: Record<string, string>;
    batching?: () => Promise<Batching>;
    of404s?: boolean;
  } = {}
) {
  const sampler = rssSampler(server.pid);
  for (const c of connections) {
    progress(`${target}: ${c} connections`);
    const rssIdleMiB = rssKiB(server.pid) / 1024;
    sampler.reset();
    const { headers = {}, batching } = options;
    const before = await batching?.();
    const r = await load(server.url, headers, bodies, c, server.pid);
    const after = await batching?.();
    const { p50, p99 } = r.latency;
    const rps = options.of404s ? r.responses / r.durationS : r.rps;
    const perRun =
      before && after && (after.requests - before.requests) / (after.runs - before.runs);
    const batches = perRun === undefined ? undefined : fmt(perRun);
    const [rssPeakMiB, cpu] = [sampler.peak() / 1024, `${pct(r.serverCpu)} / ${pct(r.othersCpu)}`];
    const { non2xx } = r;
    cells.push({
      target,
      connections: c,
      rps,
      p50,
      p99,
      non2xx,
      rssIdleMiB,
      rssPeakMiB,
      batches,
      cpu,
    });
    progress(`${target} @${c}: ${fmtInt(r.rps)} req/s, p50 ${fmt(r.latency.p50)} ms`);
  }
  sampler.stop();
}

const VARIANTS: Array<{ name: string; env: Record<string, string>; connections: number[] }> = [
  { name: 'Strapi fast path, batching on', env: {}, connections: CONNECTIONS },
  {
    name: 'Strapi fast path, batching off',
    env: { MODEL_MANAGER_BATCH_MAX_TEXTS: '1' },
    connections: CONNECTIONS,
  },
  {
    name: 'Strapi fast path, onnxruntime (compiled scorers off)',
    env: { MODEL_MANAGER_COMPILED_SCORERS: 'false' },
    connections: [10],
  },
  { name: 'Strapi routed path', env: { MODEL_MANAGER_FAST_PATH: 'false' }, connections: [10] },
];

/** One call at a time in this process, for `seconds`; the latency of each. */
async function inProcessLoop(
  predict: (text: string) => Promise<unknown>,
  texts: string[],
  seconds: number,
  from = 0
) {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  for (let i = from; performance.now() < end; i += 1) {
    const t = performance.now();
    await predict(texts[i % texts.length]);
    latencies.push(performance.now() - t);
  }
  return latencies;
}

async function main() {
  pinSelf(1);
  checkBuild();
  const texts = readJsonl<{ text: string }>('partisan/holdout.jsonl').map((h) => h.text);
  const bodies = texts.map((text) => JSON.stringify({ text }));
  const modelBytes = new Uint8Array(fs.readFileSync(FOREIGN_MODEL));
  const alternating = (rounds: number) =>
    interleaved({
      modelPath: FOREIGN_MODEL,
      modelBytes,
      bodies,
      connections: opt.nums('rounds-connections', '10,64'),
      rounds,
      monitoringOff: opt.flag('monitoring-off'),
    });
  if (opt.flag('rounds-only')) {
    await alternating(Math.max(1, ROUNDS));
    return;
  }

  const bigBatch: Record<string, number> = {};
  progress('in-process onnxruntime');
  const session = await openSession(modelBytes);
  const predictOne = (text: string) => session.predict([text]);
  await inProcessLoop(predictOne, texts, WARMUP, 600);
  const latencies = await inProcessLoop(predictOne, texts, DURATION);
  const { p50, p99 } = summarize(latencies);
  const target = 'in-process onnxruntime (1 in flight)';
  cells.push({ target, connections: 1, rps: latencies.length / DURATION, p50, p99 });
  bigBatch['in-process onnxruntime, one run'] = await timed(() => session.predict(texts));
  await session.release();

  // The memory floor: this app without the plugin, under the same requests (404 after Strapi's whole stack).
  const nodeArgs = opt.str('server-node-args', '').split(' ').filter(Boolean);
  const empty = await startStrapi({
    dbFile: freshDbFile('serving-floor'),
    cpu: SERVER_CPU,
    env: { MODEL_MANAGER_ENABLED: 'false' },
    nodeArgs,
  });
  const emptyApp = { pid: empty.pid, url: empty.url + predictPath(SLUG) };
  await measure('empty Strapi (plugin off; answers 404)', emptyApp, bodies, [10], { of404s: true });
  await empty.stop();

  const koa = await startKoa(FOREIGN_MODEL);
  await measure('Koa + onnxruntime', koa, bodies, CONNECTIONS);
  bigBatch['Koa + onnxruntime'] = await timed(() => postTexts(koa.url, {}, texts));
  await koa.proc.stop();

  for (const [i, v] of VARIANTS.entries()) {
    const { server, admins } = await setupStrapi(modelBytes, v.env);
    const target = { pid: server.pid, url: server.url + predictPath(SLUG) };
    const batching = async () => (await runtime(server.url, admins.owner)).sessions.batching;
    const options = { headers: admins.token, batching };
    await measure(v.name, target, bodies, v.connections, options);
    if (i === 0) {
      const explainBodies = texts.map((text) => JSON.stringify({ text, explain: true }));
      await measure(`${v.name}, explain: true`, target, explainBodies, [10], options);
      bigBatch[v.name] = await timed(() => postTexts(target.url, admins.token, texts));
    }
    await server.stop();
  }

  const koaAt = (c: number) =>
    cells.find((x) => x.target === 'Koa + onnxruntime' && x.connections === c);
  const rows = cells.map((x) => {
    const k = x.target.startsWith('Strapi') ? koaAt(x.connections) : undefined;
    return [
      x.target,
      String(x.connections),
      fmtInt(x.rps),
      fmt(x.p50),
      fmt(x.p99),
      k ? `${fmt(x.rps / k.rps)}x / ${fmt(x.p99 / k.p99)}x` : '',
      x.rssIdleMiB ? `${fmt(x.rssIdleMiB, 0)} / ${fmt(x.rssPeakMiB!, 0)}` : '',
      x.batches ?? '',
      x.cpu ?? '',
      x.non2xx ? String(x.non2xx) : '',
    ];
  });
  log(
    `\n# Serving matrix: ${texts.length} holdout texts cycled, ${DURATION} s per cell after ${WARMUP} s warm-up; servers on CPU 0, load on CPU 1`
  );
  const header = ['target', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'vs Koa (req/s, p99)'];
  header.push('RSS idle/peak MiB', 'requests per scorer run', 'CPU server / others', 'non-2xx');
  log(table([header, ...rows]));
  const floor = cells.find((x) => x.target.startsWith('empty Strapi'));
  const served = cells.find((x) => x.target === VARIANTS[0].name && x.connections === 10);
  if (floor && served)
    log(
      `\nthe plugin over the empty Strapi, 10 connections: idle +${fmt(served.rssIdleMiB! - floor.rssIdleMiB!, 0)} MiB, peak +${fmt(served.rssPeakMiB! - floor.rssPeakMiB!, 0)} MiB`
    );
  log(`\n# One request of all ${texts.length} holdout texts, median of ${BATCH_RUNS}`);
  log(table([['target', 'ms'], ...Object.entries(bigBatch).map(([t, ms]) => [t, fmt(ms, 0)])]));
  if (ROUNDS > 0) await alternating(ROUNDS);
}

runMain('serving-matrix', main);
