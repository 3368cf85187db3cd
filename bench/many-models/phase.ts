/**
 * One access pattern against the server under test. The server exposes no cache statistics, so
 * each request's expected hit/miss comes from replaying the sequence through an LRU of the cache's
 * size (lib/patterns.ts), and latency by expected outcome checks that the misses are the slow ones.
 */
import { describeCpu, CpuMeter, pct, type CpuWindow } from '../lib/cpu';
import { closedLoop } from '../lib/load';
import { LruSimulator, hotCold, roundRobin, zipf } from '../lib/patterns';
import type { RssSampler } from '../lib/procs';
import { fmt, fmtInt, summarize, type LatencySummary } from '../lib/stats';
import { bearer, predictPath, type Credentials, type StrapiServer } from '../lib/strapi';
import { CONCURRENCY, MODELS, REQUESTS, SEED, progress, slugOf } from './options';

export interface PhaseReport {
  name: string;
  requests: number;
  concurrency: number;
  distinctModels: number;
  wallS: number;
  rps: number;
  ok: number;
  failed: number;
  firstError?: string;
  latency: LatencySummary;
  simulated: { hits: number; misses: number; hitRate: number; unknownAtStart: number };
  missLatency: LatencySummary;
  hitLatency: LatencySummary;
  firstTouchLatency: LatencySummary;
  repeatLatency: LatencySummary;
  /** Requests slower than 2x the median simulated-hit latency (pooled over all patterns), among simulated misses / hits. */
  slowShare: { misses: number; hits: number };
  raw: { hitLat: number[]; missLat: number[] };
  startRssKiB: number;
  peakRssKiB: number;
  endRssKiB: number;
  cpu: CpuWindow;
}

export interface Pattern {
  name: string;
  sequence: Int32Array;
  describe: string;
}

export function accessPatterns(): Pattern[] {
  return [
    {
      name: 'round-robin',
      sequence: roundRobin(MODELS, REQUESTS),
      describe: `model i mod ${MODELS}`,
    },
    {
      name: 'zipf s=1',
      sequence: zipf(MODELS, REQUESTS, 1, SEED + 7),
      describe: `P(rank k) ~ 1/k over ${MODELS} models`,
    },
    {
      name: '80/20',
      sequence: hotCold(MODELS, REQUESTS, 0.2, 0.8, SEED + 13),
      describe: `80% of requests to ${Math.round(MODELS * 0.2)} hot models`,
    },
  ];
}

/** A predict to model `sequence[i]` for each i, `CONCURRENCY` at a time, each body a holdout text. */
export function predictSequence(
  server: StrapiServer,
  creds: Credentials,
  texts: string[],
  sequence: Int32Array
) {
  const headers = bearer(creds.apiToken);
  return closedLoop({
    base: server.base,
    n: sequence.length,
    concurrency: CONCURRENCY,
    request: (i) => ({
      path: predictPath(slugOf(sequence[i])),
      body: JSON.stringify({ text: texts[i % texts.length] }),
      headers,
    }),
  });
}

/** `knownState`: false for the first pattern, whose starting cache (left by the prewarm) is unknown. */
export async function runPhase(
  name: string,
  sequence: Int32Array,
  server: StrapiServer,
  creds: Credentials,
  texts: string[],
  lru: LruSimulator,
  rss: RssSampler,
  knownState: boolean
): Promise<PhaseReport> {
  // expected hits: replay the sequence through an LRU of the cache's size, in issue order
  const hit = new Uint8Array(sequence.length);
  const firstTouch = new Uint8Array(sequence.length);
  const touched = new Set<number>();
  let unknownAtStart = 0;
  for (let i = 0; i < sequence.length; i += 1) {
    hit[i] = lru.touch(sequence[i]) ? 1 : 0;
    if (!touched.has(sequence[i])) {
      firstTouch[i] = 1;
      touched.add(sequence[i]);
      if (!knownState && !hit[i]) unknownAtStart += 1;
    }
  }
  rss.reset();
  const startRss = rss.current();
  const meter = new CpuMeter([server.pid]).start();
  progress(
    `${name}: ${sequence.length} requests over ${touched.size} models at concurrency ${CONCURRENCY}`
  );
  const r = await predictSequence(server, creds, texts, sequence);
  const cpu = meter.stop();
  const peak = rss.peak();
  const pick = (pred: (i: number) => boolean) => {
    const out: number[] = [];
    for (let i = 0; i < sequence.length; i += 1)
      if (pred(i) && Number.isFinite(r.latencyMs[i])) out.push(r.latencyMs[i]);
    return out;
  };
  const okLat = pick(() => true);
  const hitLat = pick((i) => hit[i] === 1);
  const missLat = pick((i) => hit[i] === 0);
  const hits = hit.reduce((a, b) => a + b, 0);
  const report: PhaseReport = {
    name,
    requests: sequence.length,
    concurrency: CONCURRENCY,
    distinctModels: touched.size,
    wallS: r.wallS,
    rps: okLat.length / r.wallS,
    ok: okLat.length,
    failed: sequence.length - okLat.length,
    firstError: r.firstError,
    latency: summarize(okLat),
    simulated: {
      hits,
      misses: sequence.length - hits,
      hitRate: hits / sequence.length,
      unknownAtStart,
    },
    missLatency: summarize(missLat),
    hitLatency: summarize(hitLat),
    firstTouchLatency: summarize(pick((i) => firstTouch[i] === 1)),
    repeatLatency: summarize(pick((i) => firstTouch[i] === 0)),
    slowShare: { misses: NaN, hits: NaN },
    raw: { hitLat, missLat },
    startRssKiB: startRss,
    peakRssKiB: peak,
    endRssKiB: rss.current(),
    cpu,
  };
  progress(
    `${name}: ${fmtInt(report.rps)} req/s, p50 ${fmt(report.latency.p50)} ms, simulated hit rate ${pct(report.simulated.hitRate)}; CPU: ${describeCpu(cpu)}`
  );
  if (report.failed) progress(`${name}: ${report.failed} failed requests; first: ${r.firstError}`);
  return report;
}
