/**
 * Compiled scorers against onnxruntime sessions, on the same database of served versions:
 * - memory: a server whose cache holds every version boots with all of them preloaded; its RSS
 *   against a server that preloads one, and what GET /runtime says serves each;
 * - cold first requests: a server with the bench's cache (smaller than the versions) answers
 *   round-robin over all of them, so (nearly) every request loads its version first.
 */
import { log } from '../lib/bench';
import { closedLoop } from '../lib/load';
import { roundRobin } from '../lib/patterns';
import { readMemory } from '../lib/procs';
import { writeResults, environment } from '../lib/results';
import { fmt, fmtInt, summarize, table, type LatencySummary } from '../lib/stats';
import {
  adminLogin,
  bearer,
  call,
  predictPath,
  startStrapi,
  type Credentials,
} from '../lib/strapi';
import {
  CACHE,
  CONCURRENCY,
  ENV_MB,
  ENV_SESSIONS,
  MODELS,
  SERVER_CPU,
  kib2mib,
  progress,
  slugOf,
} from './options';

const ENV_COMPILED = 'MODEL_MANAGER_COMPILED_SCORERS';
type Engine = 'compiled' | 'onnxruntime';

export interface EngineFigures {
  engine: Engine;
  allLoaded: {
    bootMs: number;
    rssKiB: number;
    sessions: number;
    compiled: number;
    onnxruntime: number;
    reasons: Record<string, number>;
  };
  cold: { requests: number; ok: number; rps: number; latency: LatencySummary; peakRssKiB: number };
}

async function runtimeEngines(base: string) {
  const jwt = await adminLogin(base);
  const res = await call(base, 'GET', '/model-manager/runtime', { bearer: jwt });
  const engines = (res.body?.data?.sessions?.engines ?? []) as Array<{
    engine: Engine;
    reason: string;
  }>;
  const reasons: Record<string, number> = {};
  for (const e of engines) {
    const key = `${e.engine}: ${e.reason.replace(/\d+(\.\d+)?(e[+-]?\d+)?/g, '#')}`;
    reasons[key] = (reasons[key] ?? 0) + 1;
  }
  return {
    sessions: Number(res.body?.data?.sessions?.size ?? NaN),
    compiled: engines.filter((e) => e.engine === 'compiled').length,
    onnxruntime: engines.filter((e) => e.engine === 'onnxruntime').length,
    reasons,
  };
}

async function measure(
  engine: Engine,
  dbFile: string,
  creds: Credentials,
  texts: string[]
): Promise<EngineFigures> {
  const flag = { [ENV_COMPILED]: String(engine === 'compiled') };
  progress(`${engine}: booting with every one of ${MODELS} versions preloaded`);
  const full = await startStrapi({
    dbFile,
    cpu: SERVER_CPU,
    env: { ...flag, [ENV_SESSIONS]: String(MODELS + 10), [ENV_MB]: String(64 * 1024) },
    timeoutMs: 3_600_000,
  });
  const rssKiB = readMemory(full.pid)?.rssKiB ?? NaN;
  const engines = await runtimeEngines(full.base);
  await full.stop();

  progress(
    `${engine}: cold first requests, round-robin over ${MODELS} versions through a cache of ${CACHE}`
  );
  const server = await startStrapi({
    dbFile,
    cpu: SERVER_CPU,
    env: { ...flag, [ENV_SESSIONS]: String(CACHE) },
  });
  let peak = 0;
  const sampler = setInterval(
    () => (peak = Math.max(peak, readMemory(server.pid)?.rssKiB ?? 0)),
    100
  );
  const sequence = roundRobin(MODELS, MODELS);
  const headers = bearer(creds.apiToken);
  const r = await closedLoop({
    base: server.base,
    n: sequence.length,
    concurrency: CONCURRENCY,
    request: (i) => ({
      path: predictPath(slugOf(sequence[i])),
      body: JSON.stringify({ text: texts[i % texts.length] }),
      headers,
    }),
  });
  clearInterval(sampler);
  await server.stop();
  const ok = Array.from(r.latencyMs).filter(Number.isFinite);
  return {
    engine,
    allLoaded: { bootMs: full.bootMs, rssKiB, ...engines },
    cold: {
      requests: sequence.length,
      ok: ok.length,
      rps: ok.length / r.wallS,
      latency: summarize(ok),
      peakRssKiB: peak,
    },
  };
}

export async function compareEngines(dbFile: string, creds: Credentials, texts: string[]) {
  progress('floor: a server that preloads one version');
  const floor = await startStrapi({ dbFile, cpu: SERVER_CPU, env: { [ENV_SESSIONS]: '1' } });
  const floorKiB = readMemory(floor.pid)?.rssKiB ?? NaN;
  await floor.stop();
  const figures: EngineFigures[] = [];
  for (const engine of ['compiled', 'onnxruntime'] as const)
    figures.push(await measure(engine, dbFile, creds, texts));

  log(`\n## Compiled scorers vs onnxruntime sessions: ${MODELS} served versions`);
  log(`RSS floor (one version preloaded): ${kib2mib(floorKiB)} MiB`);
  log(
    table([
      [
        'engine',
        'boot, all preloaded (s)',
        'RSS all loaded (MiB)',
        'growth over floor (MiB)',
        'per version (KiB)',
        'served compiled / onnxruntime',
      ],
      ...figures.map((f) => [
        f.engine,
        fmt(f.allLoaded.bootMs / 1000, 1),
        kib2mib(f.allLoaded.rssKiB),
        kib2mib(f.allLoaded.rssKiB - floorKiB),
        fmtInt((f.allLoaded.rssKiB - floorKiB) / MODELS),
        `${f.allLoaded.compiled} / ${f.allLoaded.onnxruntime} of ${f.allLoaded.sessions}`,
      ]),
    ])
  );
  for (const f of figures)
    for (const [why, n] of Object.entries(f.allLoaded.reasons)) log(`  ${f.engine}: ${n} x ${why}`);
  log(
    `Cold first requests (round-robin over ${MODELS} versions, cache ${CACHE}, concurrency ${CONCURRENCY}; each request loads its version):`
  );
  log(
    table([
      ['engine', 'ok', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'peak RSS (MiB)'],
      ...figures.map((f) => [
        f.engine,
        `${f.cold.ok}/${f.cold.requests}`,
        fmtInt(f.cold.rps),
        fmt(f.cold.latency.p50),
        fmt(f.cold.latency.p90),
        fmt(f.cold.latency.p99),
        fmt(f.cold.latency.max),
        kib2mib(f.cold.peakRssKiB),
      ]),
    ])
  );
  const file = writeResults('many-models-engines', {
    environment: environment(),
    models: MODELS,
    cache: CACHE,
    floorKiB,
    figures,
  });
  log(`JSON: ${file}`);
}
