/** The many-models bench's printed report and its JSON. */
import { log, othersCell } from '../lib/bench';
import { pct } from '../lib/cpu';
import type { MemoryReading } from '../lib/procs';
import { environment, writeResults } from '../lib/results';
import { fmt, fmtInt, median, table } from '../lib/stats';
import type { Artifact } from './artifacts';
import type { Pattern, PhaseReport } from './phase';
import type { SetupResult } from './setup';
import {
  CACHE,
  CACHE_MB,
  CONCURRENCY,
  ENV_MB,
  MODELS,
  REQUESTS,
  SEED,
  SERVER_CPU,
  SETUP_CONCURRENCY,
  SUBSET,
  kib2mib,
} from './options';

export interface ManyModelsFigures {
  pinning: { taskset: boolean; pin: { pinned: boolean; note: string } };
  buildWarning: string | null;
  honoured: { sessions: boolean; mb: boolean };
  artifacts: Artifact[];
  distinct: number;
  trainS: number;
  probe: { sessionsProbe: number; perSessionKiB: number };
  setup: SetupResult & {
    cacheSessions: number;
    idleRss: MemoryReading | null;
    hwmKiB: number;
    spotDiff: number;
  };
  boot: { ms: number; mem: MemoryReading | null; prewarmS: number; warm: number };
  patterns: Pattern[];
  phases: PhaseReport[];
  hitMedian: number;
  serverHwm: number;
  totalS: number;
}

function printArtifactsAndSetup(f: ManyModelsFigures) {
  const sizes = f.artifacts.map((a) => a.bytes.byteLength);
  const vocab = f.artifacts.map((a) => a.vocabulary);
  const { sessionsProbe, perSessionKiB } = f.probe;
  log(`\n## Artifacts (trainer defaults, ${SUBSET} random training texts each, seed ${SEED})`);
  log(
    table([
      ['', 'min', 'median', 'max'],
      [
        'ONNX size (KiB)',
        fmt(Math.min(...sizes) / 1024, 1),
        fmt(median(sizes) / 1024, 1),
        fmt(Math.max(...sizes) / 1024, 1),
      ],
      ['vocabulary', String(Math.min(...vocab)), String(median(vocab)), String(Math.max(...vocab))],
    ])
  );
  log(
    `resident memory per loaded session (${sessionsProbe} sessions opened in the bench process, same options as the plugin): ` +
      `${fmt(perSessionKiB / 1024, 2)} MiB each, vs a median artifact of ${fmt(median(sizes) / 1024, 1)} KiB: the cache's byte bound (${ENV_MB}) counts artifact bytes, ` +
      `so ${CACHE_MB} MiB of artifacts could mean ~${fmtInt((((CACHE_MB * 1024) / (median(sizes) / 1024)) * (perSessionKiB / 1024)) / 1024)} GiB resident if the count bound allowed it`
  );
  const spotDiff = f.setup.spotDiff;
  log(
    `${f.distinct} distinct artifact hashes; trained + exported in ${fmt(f.trainS, 1)} s; spot check (3 models vs in-process onnxruntime): max |dp| ${spotDiff.toExponential(2)}${spotDiff > 1e-5 ? '  !!! WRONG ANSWERS !!!' : ''}`
  );

  const { timings, afterPromote } = f.setup;
  const band = (xs: number[], from: number, to: number) => median(xs.slice(from, to));
  log(
    `\n## Setup (server with a ${f.setup.cacheSessions}-session cache${f.honoured.sessions ? '' : ' REQUESTED but not honoured: it ran with 50'}, ${SETUP_CONCURRENCY} models in parallel): ${fmt(f.setup.seconds, 1)} s for ${MODELS} models`
  );
  log(
    table([
      [
        'step, median ms (in completion order)',
        `models 1-${Math.min(50, MODELS)}`,
        ...(MODELS > 50 ? [`51-${Math.min(100, MODELS)}`] : []),
        ...(MODELS > 100 ? [`101-${MODELS}`] : []),
      ],
      ...(['upload', 'review', 'promote'] as const).map((k) => [
        k === 'review' ? 'submit + approve (admin)' : k,
        fmt(band(timings[k], 0, 50), 1),
        ...(MODELS > 50 ? [fmt(band(timings[k], 50, 100), 1)] : []),
        ...(MODELS > 100 ? [fmt(band(timings[k], 100, MODELS), 1)] : []),
      ]),
    ])
  );
  log(
    `setup server RSS: ${kib2mib(f.setup.idleRss?.rssKiB ?? NaN)} MiB idle before any model, VmHWM ${kib2mib(f.setup.hwmKiB)} MiB at the end`
  );
  log(
    `predict right after each promotion (${SETUP_CONCURRENCY} models set up in parallel): ${afterPromote.ok} x 200, ${afterPromote.failed} failed` +
      (afterPromote.failed
        ? `  !!! ${JSON.stringify(afterPromote.statuses)}; first: ${afterPromote.first}`
        : '')
  );
}

function printPhases(f: ManyModelsFigures) {
  const { phases, hitMedian } = f;
  log(
    `\n## Server under test: boot with ${MODELS} production models: ${fmt(f.boot.ms / 1000, 1)} s to /_health 204, then ${f.boot.warm} prewarmed in the background within ${fmt(f.boot.prewarmS, 1)} s; RSS ${kib2mib(f.boot.mem?.rssKiB ?? NaN)} MiB, VmHWM ${kib2mib(f.boot.mem?.hwmKiB ?? NaN)} MiB once prewarmed`
  );
  log(
    `\n## Predict, ${REQUESTS} requests per pattern, concurrency ${CONCURRENCY}, each body a different holdout text`
  );
  log(
    table([
      [
        'pattern',
        'req/s',
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'max ms',
        'ok',
        'failed',
        'exp. hit rate',
        'RSS MiB start/peak/end',
        'server CPU',
        'others CPU',
      ],
      ...phases.map((p) => [
        p.name,
        fmtInt(p.rps),
        fmt(p.latency.p50),
        fmt(p.latency.p90),
        fmt(p.latency.p99),
        fmt(p.latency.max, 1),
        String(p.ok),
        String(p.failed),
        pct(p.simulated.hitRate),
        `${kib2mib(p.startRssKiB)} / ${kib2mib(p.peakRssKiB)} / ${kib2mib(p.endRssKiB)}`,
        pct(p.cpu.server),
        othersCell(p.cpu.others, 0.3),
      ]),
    ])
  );
  log(
    `\nLatency by expected cache outcome (LRU of ${CACHE} replayed over each sequence in issue order; the server has no stats endpoint) and by first touch:`
  );
  log(
    table([
      [
        'pattern',
        'misses',
        'miss p50',
        'miss p90',
        'miss p99',
        'hits',
        'hit p50',
        'hit p90',
        'hit p99',
        `>${fmt(2 * hitMedian, 1)} ms: miss/hit`,
        'first-touch p50',
        'repeat p50',
      ],
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
  for (const p of f.patterns) log(`  ${p.name}: ${p.describe}`);
  log(
    `  ">${fmt(2 * hitMedian, 1)} ms": share of requests slower than twice the median latency of all expected hits (${fmt(hitMedian, 2)} ms) - a check that expected misses really are the slow ones`
  );
  log(
    `\nRound-robin over ${MODELS} models with an LRU of ${CACHE}: every request misses once the cycle is longer than the cache (expected hit rate 0%;` +
      ` the first pattern starts from the cache left by the prewarm, unknown here: up to ${Math.min(CACHE, phases[0].simulated.unknownAtStart)} of its first touches may have hit).`
  );
  log(
    `server VmHWM over the whole run: ${kib2mib(f.serverHwm)} MiB. Whole bench: ${fmt(f.totalS, 0)} s.`
  );
  log(
    `(CPU columns: share of one core; "others CPU" = all other processes on this shared machine - high values mean disturbed figures)`
  );
}

export function report(f: ManyModelsFigures) {
  printArtifactsAndSetup(f);
  printPhases(f);

  const { setup } = f;
  const out = writeResults('many-models', {
    environment: environment(),
    settings: {
      models: MODELS,
      subset: SUBSET,
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      cache: CACHE,
      cacheMb: CACHE_MB,
      seed: SEED,
    },
    pinning: { taskset: f.pinning.taskset, serverCpu: SERVER_CPU, bench: f.pinning.pin },
    buildWarning: f.buildWarning,
    cacheEnvHonoured: f.honoured,
    artifacts: {
      count: MODELS,
      distinct: f.distinct,
      sizes: f.artifacts.map((a) => a.bytes.byteLength),
      vocabulary: f.artifacts.map((a) => a.vocabulary),
      trainS: f.trainS,
      perSessionRssKiB: f.probe.perSessionKiB,
      sessionsProbe: f.probe.sessionsProbe,
    },
    setup: {
      seconds: setup.seconds,
      cacheSessions: setup.cacheSessions,
      concurrency: SETUP_CONCURRENCY,
      afterPromote: setup.afterPromote,
      timings: setup.timings,
      idleRssKiB: setup.idleRss?.rssKiB,
      hwmKiB: setup.hwmKiB,
      spotDiff: setup.spotDiff,
    },
    boot: {
      ms: f.boot.ms,
      prewarmS: f.boot.prewarmS,
      warm: f.boot.warm,
      rssKiB: f.boot.mem?.rssKiB,
      hwmKiB: f.boot.mem?.hwmKiB,
    },
    phases: f.phases.map(({ raw: _raw, ...p }) => p),
    hitMedianMs: f.hitMedian,
    serverHwmKiB: f.serverHwm,
    totalS: f.totalS,
  });
  log(`JSON: ${out}`);
}
