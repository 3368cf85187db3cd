/**
 * The serving benchmark: single-text predict through in-process onnxruntime (one call at a time),
 * the hand-written Koa + onnxruntime server, the memory floor (this app without the plugin) and
 * Strapi's predict (VARIANTS), then `explain: true` and one request of every holdout text. Servers
 * on CPU 0, the load on CPU 1; per window: RSS idle and peak, the cores the server and every other
 * process used, requests per scorer run (GET /model-manager/runtime). Last, Koa and Strapi in
 * alternating windows (serving/interleaved.ts), the ratio per round: the verdict. Also the fast
 * path's ceiling (a model that costs nothing) and the memory each server keeps after collections.
 *
 *   npm run bench:serving-matrix [-- --duration 8 --warmup 2 --connections-list 1,10,64 --rounds 3
 *       --rounds-connections 10,64 --batch-runs 5 --server-node-args=--max-old-space-size=160]
 *   npm run bench:serving-matrix -- --rounds-only [--monitoring-off]   (the alternating windows alone,
 *       with a third Strapi, monitoring off)
 *   npm run bench:serving-matrix -- --memory-only [--with-demo]   (the memory each server keeps, alone; and the demo's after its first start)
 */
import fs from 'node:fs';
import { FOREIGN_MODEL, readJsonl } from '../tests/helpers/data';
import { log, opt, pinSelf, runMain } from './lib/bench';
import { openSession } from './lib/ort';
import { freePort } from '../harness/app-process';
import { eventually } from '../tests/helpers/eventually';
import { textClassifierOnnx } from '../tests/helpers/onnx-fixtures';
import { collectedRssKiB, descendantsRssKiB, hwmKiB, rssKiB, rssSampler } from './lib/proc';
import { fmt, fmtInt, median, pct, summarize, table } from './lib/stats';
import { checkBuild, demoSeeded, predictPath, runtime } from './lib/strapi';
import { interleaved } from './serving/interleaved';
import {
  DURATION,
  SLUG,
  WARMUP,
  load,
  progress,
  setupStrapi,
  startServer,
  startKoa,
} from './serving/servers';

const CONNECTIONS = opt.nums('connections-list', '1,10,64');
const ROUNDS = opt.num('rounds', 3);
const BATCH_RUNS = opt.num('batch-runs', 5);

const rows: string[][] = [];
/** Koa's req/s and p99 by connection count, and the RSS of the empty app and of Strapi serving. */
const koaAt = new Map<number, { rps: number; p99: number }>();
const rssAt10: Record<string, { idle: number; peak: number }> = {};

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

const signed = (x: number) => (x >= 0 ? '+' : '') + fmt(x, 0);

type Batching = { runs: number; requests: number };

/** One server under `load` at each connection count: a row each, with its memory and CPU. */
async function measure(
  target: string,
  server: { pid: number; url: string },
  bodies: string[],
  connections: number[],
  options: { headers?: Record<string, string>; batching?: () => Promise<Batching> } = {}
) {
  const sampler = rssSampler(server.pid);
  for (const c of connections) {
    progress(`${target}: ${c} connections`);
    const idle = rssKiB(server.pid) / 1024;
    sampler.reset();
    const before = await options.batching?.();
    const r = await load(server.url, options.headers ?? {}, bodies, c, server.pid);
    const after = await options.batching?.();
    const rss = { idle, peak: sampler.peak() / 1024 };
    // the empty app answers 404s: its rate is of every answer
    const rps = target.startsWith('empty') ? r.responses / r.durationS : r.rps;
    const { p50, p99 } = r.latency;
    if (target.startsWith('Koa')) koaAt.set(c, { rps, p99 });
    if (c === 10) rssAt10[target] = rss;
    const koa = target.startsWith('Strapi') ? koaAt.get(c) : undefined;
    const perRun =
      before && after && (after.requests - before.requests) / (after.runs - before.runs);
    rows.push([
      target,
      String(c),
      fmtInt(rps),
      fmt(p50),
      fmt(p99),
      koa ? `${fmt(rps / koa.rps)}x / ${fmt(p99 / koa.p99)}x` : '',
      `${fmt(rss.idle, 0)} / ${fmt(rss.peak, 0)}`,
      perRun === undefined ? '' : fmt(perRun),
      `${pct(r.serverCpu)} / ${pct(r.othersCpu)}`,
      r.non2xx ? String(r.non2xx) : '',
    ]);
    progress(`${target} @${c}: ${fmtInt(rps)} req/s, p50 ${fmt(p50)} ms`);
  }
  sampler.stop();
}

/**
 * What each server keeps, idle: RSS as it idles after boot (and, with the plugin, after the model
 * is deployed and warm, and the child process of its parity checks is gone: its RSS when the
 * model was ready is shown beside), then after full collections asked through the inspector. At Node's default
 * heap sizing the first includes garbage V8 has no reason to collect yet; the second is what stays.
 * Beside them, its peak RSS since it started (VmHWM): the demo's first start imports and trains.
 */
async function keptMemory(modelBytes: Uint8Array) {
  const out: string[][] = [];
  const targets = ['empty Strapi (plugin off)', 'Strapi with the plugin, the model served'];
  // the demo's first start: imports the debates, trains, promotes, scores its articles
  if (opt.flag('with-demo')) targets.push('the demo after its first start (imported, trained)');
  for (const [i, name] of targets.entries()) {
    const port = await freePort();
    const inspect = [`--inspect=127.0.0.1:${port}`];
    progress(`${name}: RSS idle, then after full collections`);
    const { server, admins } =
      i === 1
        ? await setupStrapi(modelBytes, {}, inspect)
        : {
            server: await startServer(
              i === 0 ? { MODEL_MANAGER_ENABLED: 'false' } : { MODEL_MANAGER_DEMO: 'true' },
              inspect
            ),
            admins: null,
          };
    if (i === 2) await demoSeeded(server.url);
    if (admins)
      await eventually(
        async () => {
          const { prewarm } = await runtime(server.url, admins.owner);
          return !prewarm.running && prewarm.warm === prewarm.served;
        },
        { timeoutMs: 300_000 }
      );
    // the parity checks' onnxruntime runs in a child process that exits once idle (30 s)
    const children = descendantsRssKiB(server.pid) / 1024;
    await eventually(async () => descendantsRssKiB(server.pid) === 0, { timeoutMs: 120_000 });
    const idle = rssKiB(server.pid) / 1024;
    // its highest RSS since it started (boot, deployment, the demo's import and training)
    const peak = hwmKiB(server.pid) / 1024;
    const kept = (await collectedRssKiB(server.pid, port)) / 1024;
    out.push([name, fmt(children, 0), fmt(peak, 0), fmt(idle, 0), fmt(kept, 0)]);
    await server.stop();
  }
  return out;
}

function logKept(kept: string[][]) {
  log('\n# Memory kept, idle: RSS MiB as the server idles, and after full collections (inspector)');
  const header = [
    'server',
    'its child processes when ready',
    'peak RSS since start',
    'RSS idle',
    'after full collections',
  ];
  log(table([header, ...kept]));
  const [floor, ...others] = kept.map((r) => r.slice(2).map(Number));
  others.forEach((o, i) =>
    log(
      `${i ? 'the demo' : 'the plugin'} over the empty Strapi: peak ${signed(o[0] - floor[0])} MiB, idle ${signed(o[1] - floor[1])} MiB, after full collections ${signed(o[2] - floor[2])} MiB`
    )
  );
}

/** The fast path's own cost: a model that costs nothing (two counted words, a matrix product). */
async function ceiling(bodies: string[]) {
  const { server, admins } = await setupStrapi(textClassifierOnnx());
  const url = server.url + predictPath(SLUG);
  await measure('Strapi fast path, a model that costs nothing', { ...server, url }, bodies, [10], {
    headers: admins.token,
  });
  await server.stop();
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
  if (opt.flag('rounds-only')) return alternating(Math.max(1, ROUNDS));
  if (opt.flag('memory-only')) return logKept(await keptMemory(modelBytes));

  progress('in-process onnxruntime, one call at a time');
  const session = await openSession(modelBytes);
  const latencies: number[] = [];
  for (const [seconds, from] of [
    [WARMUP, 600],
    [DURATION, 0],
  ]) {
    latencies.length = 0;
    const end = performance.now() + seconds * 1000;
    for (let i = from; performance.now() < end; i += 1) {
      const t = performance.now();
      await session.predict([texts[i % texts.length]]);
      latencies.push(performance.now() - t);
    }
  }
  const { p50, p99 } = summarize(latencies);
  const rate = fmtInt(latencies.length / DURATION);
  rows.push(['in-process onnxruntime (1 in flight)', '1', rate, fmt(p50), fmt(p99)]);
  const bigBatch: Record<string, number> = {};
  bigBatch['in-process onnxruntime, one run'] = await timed(() => session.predict(texts));
  await session.release();

  // the memory floor: this app without the plugin, the same requests (404 after Strapi's whole stack)
  const empty = await startServer({ MODEL_MANAGER_ENABLED: 'false' });
  const emptyApp = { pid: empty.pid, url: empty.url + predictPath(SLUG) };
  await measure('empty Strapi (plugin off; answers 404)', emptyApp, bodies, [10]);
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

  await ceiling(bodies);
  const kept = await keptMemory(modelBytes);

  log(
    `\n# Serving matrix: ${texts.length} holdout texts cycled, ${DURATION} s per cell after ${WARMUP} s warm-up; servers on CPU 0, load on CPU 1`
  );
  const header = ['target', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'vs Koa (req/s, p99)'];
  header.push('RSS idle/peak MiB', 'requests per scorer run', 'CPU server / others', 'non-2xx');
  log(table([header, ...rows]));
  const floor = rssAt10['empty Strapi (plugin off; answers 404)'];
  const served = rssAt10[VARIANTS[0].name];
  if (floor && served)
    log(
      `\nthe plugin over the empty Strapi, 10 connections: idle ${signed(served.idle - floor.idle)} MiB, peak ${signed(served.peak - floor.peak)} MiB`
    );
  logKept(kept);
  log(`\n# One request of all ${texts.length} holdout texts, median of ${BATCH_RUNS}`);
  log(table([['target', 'ms'], ...Object.entries(bigBatch).map(([t, ms]) => [t, fmt(ms, 0)])]));
  if (ROUNDS > 0) await alternating(ROUNDS);
}

runMain('serving-matrix', main);
