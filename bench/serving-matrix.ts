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
import { log, opt, pinSelf, runMain, writeResults } from './lib/bench';
import { openSession } from './lib/ort';
import { rssKiB, rssSampler } from './lib/proc';
import { fmt, fmtInt, pct, summarize, table } from './lib/stats';
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
  non2xx: number;
  rssIdleMiB?: number;
  rssPeakMiB?: number;
  batches?: string;
  serverCpu?: number;
  othersCpu?: number;
}

/** Median ms of `BATCH_RUNS` calls after one warm-up call. */
async function timed(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let r = 0; r < BATCH_RUNS; r += 1) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return summarize(times).p50;
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

type Batching = { runs: number; requests: number; requestsPerRun: Record<string, number> };

/** Requests per scorer run over a window, and how the runs spread over sizes. */
function batchDelta(before: Batching, after: Batching): string {
  const runs = after.runs - before.runs;
  if (runs <= 0) return '-';
  const spread = Object.keys(after.requestsPerRun)
    .map(Number)
    .sort((a, b) => a - b)
    .map((k) => [k, after.requestsPerRun[k] - (before.requestsPerRun[k] ?? 0)] as const)
    .filter(([, n]) => n > 0);
  // many distinct sizes (64 connections): buckets of equal width, so the column stays readable
  const width = spread.length > 12 ? Math.ceil(spread[spread.length - 1][0] / 8) : 1;
  const buckets = new Map<string, number>();
  for (const [k, n] of spread) {
    const low = Math.floor((k - 1) / width) * width + 1;
    const name = width === 1 ? String(k) : `${low}-${low + width - 1}`;
    buckets.set(name, (buckets.get(name) ?? 0) + n);
  }
  const shown = [...buckets].map(([k, n]) => `${k}:${Math.round((100 * n) / runs)}%`).join(' ');
  return `${fmt((after.requests - before.requests) / runs, 2)} req/run (${shown})`;
}

const cells: Cell[] = [];

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
    cells.push({
      target,
      connections: c,
      rps: options.of404s ? r.responses / r.durationS : r.rps,
      p50: r.latency.p50,
      p99: r.latency.p99,
      non2xx: r.non2xx,
      rssIdleMiB,
      rssPeakMiB: sampler.peak() / 1024,
      batches: before && batchDelta(before, await batching!()),
      serverCpu: r.serverCpu,
      othersCpu: r.othersCpu,
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
    const rounds = await alternating(Math.max(1, ROUNDS));
    log(`\nwritten to ${writeResults('serving-rounds', { DURATION, WARMUP, ...rounds })}`);
    return;
  }

  const bigBatch: Record<string, number> = {};
  progress('in-process onnxruntime');
  const session = await openSession(modelBytes);
  const predictOne = (text: string) => session.predict([text]);
  await inProcessLoop(predictOne, texts, WARMUP, 600);
  const latencies = await inProcessLoop(predictOne, texts, DURATION);
  const { p50, p99 } = summarize(latencies);
  const rps = latencies.length / DURATION;
  cells.push({
    target: 'in-process onnxruntime (1 in flight)',
    connections: 1,
    rps,
    p50,
    p99,
    non2xx: 0,
  });
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
      x.rssIdleMiB !== undefined ? `${fmt(x.rssIdleMiB, 0)} / ${fmt(x.rssPeakMiB!, 0)}` : '',
      x.batches ?? '',
      x.serverCpu !== undefined ? `${pct(x.serverCpu)} / ${pct(x.othersCpu!)}` : '',
      x.non2xx ? String(x.non2xx) : '',
    ];
  });
  log(
    `\n# Serving matrix: ${texts.length} holdout texts cycled, ${DURATION} s per cell after ${WARMUP} s warm-up; servers on CPU 0, load on CPU 1`
  );
  const header = ['target', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'vs Koa (req/s, p99)'];
  header.push('RSS idle/peak MiB', 'batches formed', 'CPU server / others', 'non-2xx');
  log(table([header, ...rows]));
  const floor = cells.find((x) => x.target.startsWith('empty Strapi'));
  const served = cells.find((x) => x.target === VARIANTS[0].name && x.connections === 10);
  if (floor && served)
    log(
      `\nthe plugin over the empty Strapi, 10 connections: idle +${fmt(served.rssIdleMiB! - floor.rssIdleMiB!, 0)} MiB, peak +${fmt(served.rssPeakMiB! - floor.rssPeakMiB!, 0)} MiB`
    );
  log(`\n# One request of all ${texts.length} holdout texts, median of ${BATCH_RUNS}`);
  log(table([['target', 'ms'], ...Object.entries(bigBatch).map(([t, ms]) => [t, fmt(ms, 0)])]));
  const rounds = ROUNDS > 0 ? await alternating(ROUNDS) : {};
  log(
    `\nwritten to ${writeResults('serving-matrix', { DURATION, WARMUP, cells, bigBatch, ...rounds })}`
  );
}

runMain('serving-matrix', main);
