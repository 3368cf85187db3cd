/**
 * Compiled scorers against onnxruntime sessions, on the same database of served versions, and the
 * first request to each version on a prewarmed server against a cold one:
 * - prewarmed: a server whose cache holds every version loads them all in the background after boot
 *   (services/serving/prewarm.ts); once GET /runtime says they are all warm: its RSS, what serves
 *   each, then one request to every version (round-robin over all of them, each version once);
 * - cold (prewarm off): the bench's cache (smaller than the versions) and the same round-robin, so
 *   every request loads its version first (artifact fetch, session creation, compile, parity check).
 */
import { log } from '../lib/bench';
import { roundRobin } from '../lib/patterns';
import { readMemory } from '../lib/procs';
import { writeResults, environment } from '../lib/results';
import { fmt, fmtInt, summarize, table, type LatencySummary } from '../lib/stats';
import { startStrapi, type Credentials, type StrapiServer } from '../lib/strapi';
import {
  BOOT_TIMEOUT_MS,
  CACHE,
  CONCURRENCY,
  ENV_MB,
  ENV_SESSIONS,
  MODELS,
  SERVER_CPU,
  kib2mib,
  progress,
} from './options';
import { predictSequence } from './phase';
import { waitForPrewarm, type Prewarmed } from './prewarm-wait';

const ENV_COMPILED = 'MODEL_MANAGER_COMPILED_SCORERS';
const ENV_PREWARM = 'MODEL_MANAGER_PREWARM';
type Engine = 'compiled' | 'onnxruntime';

/** One request to every version, round-robin. */
export interface FirstRequests {
  requests: number;
  ok: number;
  rps: number;
  latency: LatencySummary;
  peakRssKiB: number;
  endRssKiB: number;
}

export interface EngineFigures {
  engine: Engine;
  prewarmed: Prewarmed & { bootMs: number; rssKiB: number; first: FirstRequests };
  cold: FirstRequests;
}

async function firstRequests(
  server: StrapiServer,
  creds: Credentials,
  texts: string[]
): Promise<FirstRequests> {
  let peak = 0;
  const sampler = setInterval(
    () => (peak = Math.max(peak, readMemory(server.pid)?.rssKiB ?? 0)),
    100
  );
  const sequence = roundRobin(MODELS, MODELS);
  const r = await predictSequence(server, creds, texts, sequence);
  clearInterval(sampler);
  const ok = Array.from(r.latencyMs).filter(Number.isFinite);
  return {
    requests: sequence.length,
    ok: ok.length,
    rps: ok.length / r.wallS,
    latency: summarize(ok),
    peakRssKiB: peak,
    endRssKiB: readMemory(server.pid)?.rssKiB ?? NaN,
  };
}

async function measure(
  engine: Engine,
  dbFile: string,
  creds: Credentials,
  texts: string[]
): Promise<EngineFigures> {
  const flag = { [ENV_COMPILED]: String(engine === 'compiled') };
  progress(`${engine}: booting with room for all ${MODELS} versions; waiting for the prewarm`);
  const full = await startStrapi({
    dbFile,
    timeoutMs: BOOT_TIMEOUT_MS,
    cpu: SERVER_CPU,
    env: { ...flag, [ENV_SESSIONS]: String(MODELS + 10), [ENV_MB]: String(64 * 1024) },
  });
  const warmed = await waitForPrewarm(full.base, creds);
  const rssKiB = readMemory(full.pid)?.rssKiB ?? NaN;
  progress(
    `${engine}: ${warmed.warm} of ${warmed.served} served versions warm ${fmt(warmed.waitedS, 1)} s after the server answered; first request to each`
  );
  const first = await firstRequests(full, creds, texts);
  await full.stop();

  progress(
    `${engine}: prewarm off, round-robin over ${MODELS} versions through a cache of ${CACHE}`
  );
  const server = await startStrapi({
    dbFile,
    timeoutMs: BOOT_TIMEOUT_MS,
    cpu: SERVER_CPU,
    env: { ...flag, [ENV_SESSIONS]: String(CACHE), [ENV_PREWARM]: 'false' },
  });
  const cold = await firstRequests(server, creds, texts);
  await server.stop();
  return { engine, prewarmed: { ...warmed, bootMs: full.bootMs, rssKiB, first }, cold };
}

export async function compareEngines(dbFile: string, creds: Credentials, texts: string[]) {
  progress('floor: a server with room for one version, prewarmed');
  const floor = await startStrapi({
    dbFile,
    timeoutMs: BOOT_TIMEOUT_MS,
    cpu: SERVER_CPU,
    env: { [ENV_SESSIONS]: '1' },
  });
  await waitForPrewarm(floor.base, creds);
  const floorKiB = readMemory(floor.pid)?.rssKiB ?? NaN;
  await floor.stop();
  const figures: EngineFigures[] = [];
  for (const engine of ['compiled', 'onnxruntime'] as const)
    figures.push(await measure(engine, dbFile, creds, texts));

  log(`\n## Compiled scorers vs onnxruntime sessions: ${MODELS} served versions`);
  log(`RSS floor (one version loaded): ${kib2mib(floorKiB)} MiB`);
  log(
    table([
      [
        'engine',
        'boot (s)',
        'prewarm done after (s)',
        'warm / served',
        'RSS all warm (MiB)',
        'growth over floor (MiB)',
        'per version (KiB)',
        'served compiled / onnxruntime',
      ],
      ...figures.map(({ engine, prewarmed: p }) => [
        engine,
        fmt(p.bootMs / 1000, 1),
        fmt(p.waitedS, 1),
        `${p.warm} / ${p.served}${p.failed ? ` (${p.failed} failed)` : ''}`,
        kib2mib(p.rssKiB),
        kib2mib(p.rssKiB - floorKiB),
        fmtInt((p.rssKiB - floorKiB) / MODELS),
        `${p.compiled} / ${p.onnxruntime} of ${p.sessions}`,
      ]),
    ])
  );
  for (const f of figures)
    for (const [why, n] of Object.entries(f.prewarmed.reasons)) log(`  ${f.engine}: ${n} x ${why}`);
  log(
    `First request to each version (round-robin over ${MODELS} versions, each once, concurrency ${CONCURRENCY}):` +
      ` prewarmed = cache of ${MODELS + 10}, after GET /runtime said all were warm; cold = prewarm off, cache of ${CACHE}, every request loads its version`
  );
  const row = (engine: Engine, server: string, r: FirstRequests) => [
    engine,
    server,
    `${r.ok}/${r.requests}`,
    fmtInt(r.rps),
    fmt(r.latency.p50),
    fmt(r.latency.p90),
    fmt(r.latency.p99),
    fmt(r.latency.max),
    `${kib2mib(r.peakRssKiB)} / ${kib2mib(r.endRssKiB)}`,
  ];
  log(
    table([
      [
        'engine',
        'server',
        'ok',
        'req/s',
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'max ms',
        'RSS peak / end (MiB)',
      ],
      ...figures.flatMap((f) => [
        row(f.engine, 'prewarmed', f.prewarmed.first),
        row(f.engine, 'cold', f.cold),
      ]),
    ])
  );
  const file = writeResults('many-models-engines', {
    environment: environment(),
    models: MODELS,
    cache: CACHE,
    concurrency: CONCURRENCY,
    floorKiB,
    figures,
  });
  log(`JSON: ${file}`);
}
