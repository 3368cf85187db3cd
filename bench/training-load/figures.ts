/** Latency figures over chosen requests and time windows of a traced load. */
import type { LoadTrace } from '../lib/traced-load';
import { summarize, type LatencySummary } from '../lib/stats';
import type { Interval } from './runs';

export interface WindowFigures {
  name: string;
  requests: number;
  /** 2xx completions per second of covered time. */
  rps: number;
  coveredS: number;
  latency: LatencySummary;
  /** Longest time without any response completing, inside the window (ms). */
  longestSilenceMs: number;
  non2xx: number;
  failures: number;
}

export function figures(
  name: string,
  trace: LoadTrace,
  picked: number[],
  windows: Interval[]
): WindowFigures {
  const lat = picked
    .filter((i) => Number.isFinite(trace.done[i]))
    .map((i) => trace.done[i] - trace.sent[i]);
  const coveredS = windows.reduce((s, [a, b]) => s + (b - a), 0) / 1000;
  // throughput and silences: every 2xx completion inside a window (whatever its send time)
  const ends = trace.done.filter((d) => Number.isFinite(d)).sort((a, b) => a - b);
  let completions = 0;
  let longest = 0;
  for (const [a, b] of windows) {
    const inside = ends.filter((e) => e >= a && e <= b);
    completions += inside.length;
    const marks = [a, ...inside, b];
    for (let k = 1; k < marks.length; k += 1) longest = Math.max(longest, marks[k] - marks[k - 1]);
  }
  const failedIdx = picked.filter((i) => !Number.isFinite(trace.done[i]));
  return {
    name,
    requests: picked.length,
    rps: coveredS > 0 ? completions / coveredS : NaN,
    coveredS,
    latency: summarize(lat),
    longestSilenceMs: longest,
    non2xx: failedIdx.filter((i) => trace.status[i] !== 0).length,
    failures: failedIdx.filter((i) => trace.status[i] === 0).length,
  };
}

export const inAny = (t: number, ws: Interval[]) => ws.some(([a, b]) => t >= a && t <= b);
export const indicesWhere = (trace: LoadTrace, pred: (sent: number, done: number) => boolean) =>
  trace.sent
    .map((s, i) => i)
    .filter((i) => {
      const end = Number.isFinite(trace.done[i]) ? trace.done[i] : trace.sent[i];
      return pred(trace.sent[i], end);
    });
