/**
 * The serving benchmark: single-text predict at 1, 10 and 64 connections through
 *   in-process onnxruntime (one call at a time), the hand-written Koa + onnxruntime server, and the
 *   Strapi REST predict fast path with batching on (default) and off (MODEL_MANAGER_BATCH_MAX_TEXTS=1),
 *   and at 10 connections Strapi on onnxruntime (MODEL_MANAGER_COMPILED_SCORERS=false) and Strapi's
 *   routed path (MODEL_MANAGER_FAST_PATH=false);
 * then Strapi with `explain: true`, and one request of every holdout text (`{ texts }`) against Koa
 * and one in-process run. Servers on CPU 0, this process (the load) on CPU 1. For each Strapi run:
 * RSS idle and peak under load, and the batches the batcher formed (requests per scorer run), read
 * from GET /model-manager/runtime. Figures are printed and written to bench/results/serving-matrix.json.
 *
 * Last, Koa and Strapi in alternating windows (serving/interleaved.ts), the ratio per round: the verdict.
 * To see where a predict's time goes, run a target under `node --cpu-prof` and open the profile in
 * Chrome's DevTools.
 *
 *   npm run bench:serving-matrix [-- --duration 8 --warmup 2 --connections-list 1,10,64 --rounds 3 --rounds-connections 10,64]
 *   npm run bench:serving-matrix -- --rounds-only     (the alternating windows alone)
 *   npm run bench:serving-matrix -- --rounds-only --monitoring-off   (and Strapi with monitoring off beside them)
 */
import fs from 'node:fs';
import { log, runMain } from './lib/bench';
import { CpuMeter, pct } from './lib/cpu';
import { flag, numOpt, strOpt } from './lib/cli';
import { FOREIGN_MODEL, readJsonl } from './lib/data';
import { autocannonRun, type LoadResult } from './lib/load';
import { openSession } from './lib/ort';
import { installExitHandlers, pinSelf, readMemory, RssSampler } from './lib/procs';
import { writeResults } from './lib/results';
import { fmt, fmtInt, summarize, table } from './lib/stats';
import {
  bearer,
  call,
  checkBuild,
  freshDbFile,
  predictPath,
  removeDb,
  startStrapi,
} from './lib/strapi';
import { inProcessLoop, timeRuns } from './serving/measure';
import { interleaved } from './serving/interleaved';
import { SERVER_CPU, SLUG, progress } from './serving/options';
import { setupStrapi, startKoa } from './serving/servers';

const DURATION = numOpt('duration', 'BENCH_DURATION', 8);
const WARMUP = numOpt('warmup', 'BENCH_WARMUP', 2);
const CONNECTIONS = strOpt('connections-list', 'BENCH_CONNECTIONS_LIST', '1,10,64')
  .split(',')
  .map(Number);
const ROUNDS = numOpt('rounds', 'BENCH_ROUNDS', 3);
/** Node flags for every Strapi this run starts, e.g. `--max-old-space-size=160` (a heap collected sooner). */
const SERVER_NODE_ARGS = strOpt('server-node-args', 'BENCH_SERVER_NODE_ARGS', '')
  .split(' ')
  .filter(Boolean);
/** Timed runs of the one-request-of-every-text batch, per target. */
const BATCH_RUNS = numOpt('batch-runs', 'BENCH_BATCH_RUNS', 5);
const ROUND_CONNECTIONS = strOpt('rounds-connections', 'BENCH_ROUNDS_CONNECTIONS', '10,64')
  .split(',')
  .map(Number);
/** Only the alternating windows (a quick check of a change against Koa). */
const ROUNDS_ONLY = flag('rounds-only', 'BENCH_ROUNDS_ONLY');
/** A third Strapi in the alternating windows: the default configuration with monitoring off. */
const MONITORING_OFF = flag('monitoring-off', 'BENCH_MONITORING_OFF');

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
  /** cores used by the server, and by every other process on the machine, during the window */
  serverCpu?: number;
  othersCpu?: number;
}

/** Median ms of one request (or in-process run) of every holdout text, per target. */
type BigBatch = Record<string, number>;

/** POSTs `{ texts }` and fails loudly on anything but a 200 with one answer per text. */
async function postTexts(url: string, headers: Record<string, string>, texts: string[]) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ texts }),
  });
  const body = (await res.json()) as { data?: unknown[] } | unknown[];
  const answers = Array.isArray(body) ? body : body.data;
  if (res.status !== 200 || !Array.isArray(answers) || answers.length !== texts.length)
    throw new Error(`${url}: { texts } answered HTTP ${res.status}`);
}

const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

type Batching = { runs: number; requests: number; requestsPerRun: Record<string, number> };

function batchDelta(before: Batching, after: Batching): string {
  const runs = after.runs - before.runs;
  if (runs <= 0) return '-';
  const requests = after.requests - before.requests;
  const sizes = Object.keys(after.requestsPerRun)
    .map(Number)
    .sort((a, b) => a - b);
  const spread = sizes
    .map((k) => [k, (after.requestsPerRun[k] ?? 0) - (before.requestsPerRun[k] ?? 0)] as const)
    .filter(([, n]) => n > 0);
  // many distinct sizes (64 connections): buckets of equal width, so the column stays readable
  const width = spread.length > 12 ? Math.ceil(spread[spread.length - 1][0] / 8) : 1;
  const buckets = new Map<string, number>();
  for (const [k, n] of spread) {
    const low = Math.floor((k - 1) / width) * width + 1;
    const name = width === 1 ? String(k) : `${low}-${low + width - 1}`;
    buckets.set(name, (buckets.get(name) ?? 0) + n);
  }
  const shown = [...buckets.entries()]
    .map(([k, n]) => `${k}:${Math.round((100 * n) / runs)}%`)
    .join(' ');
  return `${fmt(requests / runs, 2)} req/run (${shown})`;
}

async function load(
  url: string,
  headers: Record<string, string>,
  bodies: string[],
  connections: number,
  serverPid: number
): Promise<LoadResult & { serverCpu: number; othersCpu: number }> {
  if (WARMUP > 0)
    await autocannonRun({ url, connections, durationS: WARMUP, headers, bodies, startIndex: 600 });
  const meter = new CpuMeter([serverPid]).start();
  const r = await autocannonRun({ url, connections, durationS: DURATION, headers, bodies });
  const cpu = meter.stop();
  return { ...r, serverCpu: cpu.server, othersCpu: cpu.others };
}

interface StrapiVariant {
  name: string;
  env: Record<string, string>;
  connections: number[];
  /** bodies with `explain: true`, measured at 10 connections */
  explainBodies?: string[];
  /** every holdout text in one request, timed into this record */
  batch?: { texts: string[]; into: BigBatch };
}

async function strapiRuns(
  v: StrapiVariant,
  modelBytes: Uint8Array,
  bodies: string[]
): Promise<Cell[]> {
  const { name, env, explainBodies, batch } = v;
  const nodeArgs = SERVER_NODE_ARGS.length ? SERVER_NODE_ARGS : undefined;
  const { server, creds } = await setupStrapi(modelBytes, nodeArgs, env);
  const url = server.base + predictPath(SLUG);
  const auth = bearer(creds.apiToken);
  const stats = async () =>
    (await call(server.base, 'GET', '/model-manager/runtime', { bearer: creds.adminJwt })).body.data
      .sessions.batching as Batching;
  const cells: Cell[] = [];
  const sampler = new RssSampler(server.pid).start();
  const measure = async (target: string, b: string[], connections: number) => {
    const rssIdle = (readMemory(server.pid)?.rssKiB ?? NaN) / 1024;
    sampler.reset();
    const before = await stats();
    progress(`${target}: ${connections} connections`);
    const r = await load(url, auth, b, connections, server.pid);
    const cell: Cell = {
      target,
      connections,
      rps: r.rps,
      p50: r.latency.p50,
      p99: r.latency.p99,
      non2xx: r.non2xx,
      rssIdleMiB: rssIdle,
      rssPeakMiB: sampler.peak() / 1024,
      batches: batchDelta(before, await stats()),
      serverCpu: r.serverCpu,
      othersCpu: r.othersCpu,
    };
    progress(
      `${target} @${connections}: ${fmtInt(r.rps)} req/s, p50 ${fmt(r.latency.p50)} ms, p99 ${fmt(r.latency.p99)} ms`
    );
    cells.push(cell);
  };
  for (const c of v.connections) await measure(name, bodies, c);
  if (explainBodies) await measure(`${name}, explain: true`, explainBodies, 10);
  if (batch) {
    progress(`${name}: ${BATCH_RUNS} requests of ${batch.texts.length} texts`);
    batch.into[name] = medianOf(
      await timeRuns(BATCH_RUNS, () => postTexts(url, auth, batch.texts))
    );
  }
  sampler.stop();
  await server.stop();
  removeDb(server.dbFile);
  return cells;
}

/**
 * The memory floor: this app booted without the plugin (MODEL_MANAGER_ENABLED=false), idle, then
 * under the same request stream at 10 connections (answered 404 after Strapi's whole stack).
 */
async function floorCell(bodies: string[]): Promise<Cell> {
  const dbFile = freshDbFile('serving-floor');
  progress('empty Strapi (the plugin off): idle and under the same requests');
  const server = await startStrapi({
    dbFile,
    cpu: SERVER_CPU,
    env: { MODEL_MANAGER_ENABLED: 'false' },
    nodeArgs: SERVER_NODE_ARGS,
  });
  const rssIdle = (readMemory(server.pid)?.rssKiB ?? NaN) / 1024;
  const sampler = new RssSampler(server.pid).start();
  const r = await load(server.base + predictPath(SLUG), {}, bodies, 10, server.pid);
  sampler.stop();
  await server.stop();
  removeDb(server.dbFile);
  return {
    target: 'empty Strapi (plugin off; answers 404)',
    connections: 10,
    rps: r.responses / r.durationS,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    rssIdleMiB: rssIdle,
    rssPeakMiB: sampler.peak() / 1024,
    serverCpu: r.serverCpu,
    othersCpu: r.othersCpu,
  };
}

async function main() {
  installExitHandlers();
  pinSelf(1);
  const warning = checkBuild();
  if (warning) log(warning);
  const texts = readJsonl('partisan/holdout.jsonl').map((h) => h.text);
  const bodies = texts.map((text) => JSON.stringify({ text }));
  const explainBodies = texts.map((text) => JSON.stringify({ text, explain: true }));
  const modelBytes = new Uint8Array(fs.readFileSync(FOREIGN_MODEL()));
  const cells: Cell[] = [];
  if (ROUNDS_ONLY) {
    const rounds = await interleaved({
      modelPath: FOREIGN_MODEL(),
      modelBytes,
      bodies,
      connections: ROUND_CONNECTIONS,
      rounds: Math.max(1, ROUNDS),
      load,
      monitoringOff: MONITORING_OFF,
    });
    log(
      `\nwritten to ${writeResults('serving-rounds', { durationS: DURATION, warmupS: WARMUP, interleaved: rounds })}`
    );
    return;
  }

  progress('in-process onnxruntime');
  const session = await openSession(modelBytes);
  await inProcessLoop(session, texts, WARMUP, 600);
  const loop = await inProcessLoop(session, texts, DURATION);
  const lat = summarize(loop.latency);
  cells.push({
    target: 'in-process onnxruntime (1 in flight)',
    connections: 1,
    rps: loop.calls / loop.seconds,
    p50: lat.p50,
    p99: lat.p99,
    non2xx: 0,
  });
  const bigBatch: BigBatch = {};
  progress(`in-process: ${BATCH_RUNS} runs of all ${texts.length} texts`);
  bigBatch['in-process onnxruntime, one run'] = medianOf(
    await timeRuns(BATCH_RUNS, () => session.predict(texts))
  );
  await session.release();

  cells.push(await floorCell(bodies));

  const koa = await startKoa(FOREIGN_MODEL());
  const koaSampler = new RssSampler(koa.proc.pid).start();
  for (const c of CONNECTIONS) {
    progress(`Koa: ${c} connections`);
    const idle = (readMemory(koa.proc.pid)?.rssKiB ?? NaN) / 1024;
    koaSampler.reset();
    const r = await load(koa.url, {}, bodies, c, koa.proc.pid);
    cells.push({
      target: 'Koa + onnxruntime',
      connections: c,
      rps: r.rps,
      p50: r.latency.p50,
      p99: r.latency.p99,
      non2xx: r.non2xx,
      rssIdleMiB: idle,
      rssPeakMiB: koaSampler.peak() / 1024,
      serverCpu: r.serverCpu,
      othersCpu: r.othersCpu,
    });
  }
  koaSampler.stop();
  progress(`Koa: ${BATCH_RUNS} requests of ${texts.length} texts`);
  bigBatch['Koa + onnxruntime'] = medianOf(
    await timeRuns(BATCH_RUNS, () => postTexts(koa.url, {}, texts))
  );
  await koa.proc.stop();

  const variants: StrapiVariant[] = [
    {
      name: 'Strapi fast path, batching on',
      env: {},
      connections: CONNECTIONS,
      explainBodies,
      batch: { texts, into: bigBatch },
    },
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
  for (const v of variants) cells.push(...(await strapiRuns(v, modelBytes, bodies)));

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
      x.rssIdleMiB !== undefined ? `${fmt(x.rssIdleMiB, 0)} / ${fmt(x.rssPeakMiB ?? NaN, 0)}` : '',
      x.batches ?? '',
      x.serverCpu !== undefined ? `${pct(x.serverCpu)} / ${pct(x.othersCpu ?? NaN)}` : '',
      x.non2xx ? String(x.non2xx) : '',
    ];
  });
  log(
    `\n# Serving matrix: ${texts.length} holdout texts cycled, ${DURATION} s per cell after ${WARMUP} s warm-up; servers on CPU 0, load on CPU 1`
  );
  log(
    table([
      [
        'target',
        'conns',
        'req/s',
        'p50 ms',
        'p99 ms',
        'vs Koa (req/s, p99)',
        'RSS idle/peak MiB',
        'batches formed',
        'CPU server / others',
        'non-2xx',
      ],
      ...rows,
    ])
  );
  const floor = cells.find((x) => x.target.startsWith('empty Strapi'));
  const served = cells.find((x) => x.target === variants[0].name && x.connections === 10);
  if (floor && served)
    log(
      `\nthe plugin over the empty Strapi, 10 connections: idle +${fmt(served.rssIdleMiB! - floor.rssIdleMiB!, 0)} MiB, peak +${fmt(served.rssPeakMiB! - floor.rssPeakMiB!, 0)} MiB`
    );
  log(`\n# One request of all ${texts.length} holdout texts, median of ${BATCH_RUNS}`);
  log(
    table([
      ['target', 'ms'],
      ...Object.entries(bigBatch).map(([target, ms]) => [target, fmt(ms, 0)]),
    ])
  );
  const rounds =
    ROUNDS > 0
      ? await interleaved({
          modelPath: FOREIGN_MODEL(),
          modelBytes,
          bodies,
          connections: ROUND_CONNECTIONS,
          rounds: ROUNDS,
          load,
          monitoringOff: MONITORING_OFF,
        })
      : [];
  const file = writeResults('serving-matrix', {
    durationS: DURATION,
    warmupS: WARMUP,
    cells,
    bigBatch,
    interleaved: rounds,
  });
  log(`\nwritten to ${file}`);
}

runMain('serving-matrix', main);
