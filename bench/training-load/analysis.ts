/**
 * Classifies the training window's requests: "during training" only if a run was certainly
 * running when the request was sent AND when it completed; "no run" if certainly none was; the
 * rest (run edges) is counted but left out. Also per-phase rows, the slowest stalls and a run table.
 */
import type { LoadTrace } from '../lib/traced-load';
import { figures, inAny, indicesWhere, type WindowFigures } from './figures';
import { TRAIN_PARAMS, wallToPerf } from './options';
import {
  WORKER_PHASES,
  logSpan,
  notRunningBounds,
  phaseIntervals,
  runningInterval,
  trainedMs,
  type Interval,
  type RunTrack,
} from './runs';

/** A run's duration on the server clock (startedAt..finishedAt), ms. */
export const durationOf = (r: RunTrack) =>
  wallToPerf(r.summary?.finishedAt) - wallToPerf(r.summary?.startedAt);

export function analyseTrainingWindow(trace: LoadTrace, runs: RunTrack[], warnings: string[]) {
  const running: Interval[] = runs.map(runningInterval).filter((x): x is Interval => x !== null);
  const bounds = runs.map(notRunningBounds);
  const certainlyIdle = (x: number) => bounds.every((b) => x <= b.until || x >= b.after);
  const during = indicesWhere(trace, (s, e) => inAny(s, running) && inAny(e, running));
  const between = indicesWhere(trace, (s, e) => certainlyIdle(s) && certainlyIdle(e));
  const idleWins: Interval[] = [];
  {
    // certainly-idle windows inside the training window: the complement of [until, after] of every run
    const busy = bounds
      .map((b) => [Math.max(b.until, trace.from), Math.min(b.after, trace.to)] as Interval)
      .filter(([a, b]) => b > a)
      .sort((x, y) => x[0] - y[0]);
    let cursor = trace.from;
    for (const [a, b] of busy) {
      if (a > cursor) idleWins.push([cursor, a]);
      cursor = Math.max(cursor, b);
    }
    if (trace.to > cursor) idleWins.push([cursor, trace.to]);
  }
  const duringFig = figures(
    'during training (run running at send and at completion)',
    trace,
    during,
    running
  );
  const betweenFig = figures(
    'training window, no run running (queued/between runs)',
    trace,
    between,
    idleWins
  );
  const edge = trace.sent.length - during.length - between.length;
  const windowAll = figures(
    'whole training window',
    trace,
    trace.sent.map((_, i) => i),
    [[trace.from, trace.to]]
  );

  // per phase
  const phaseRows: WindowFigures[] = [];
  {
    const byPhase = new Map<string, Interval[]>();
    for (const r of runs)
      for (const p of phaseIntervals(r))
        byPhase.set(p.phase, [...(byPhase.get(p.phase) ?? []), [p.from, p.to]]);
    for (const [phase, wins] of byPhase) {
      const picked = indicesWhere(trace, (s, e) => wins.some(([a, b]) => s >= a && e <= b));
      phaseRows.push(
        figures(
          `  phase "${phase}" (${WORKER_PHASES.has(phase) ? 'worker thread' : 'main thread'})`,
          trace,
          picked,
          wins
        )
      );
    }
  }

  // the slowest requests of the training window, and where in which run they fell
  const duringSet = new Set(during);
  const betweenSet = new Set(between);
  // distinct events: a request overlapping in time with a slower one already listed is the same stall
  const distinct: number[] = [];
  for (const i of trace.sent
    .map((_, k) => k)
    .filter((k) => Number.isFinite(trace.done[k]))
    .sort((a, b) => trace.done[b] - trace.sent[b] - (trace.done[a] - trace.sent[a]))) {
    if (distinct.length >= 8) break;
    if (!distinct.some((j) => trace.sent[i] <= trace.done[j] && trace.done[i] >= trace.sent[j]))
      distinct.push(i);
  }
  const slowest = distinct.map((i) => {
    const sent = trace.sent[i];
    const done = trace.done[i];
    const k = runs.findIndex(
      (r) => sent <= wallToPerf(r.summary?.finishedAt) && done >= wallToPerf(r.summary?.startedAt)
    );
    const obs = k >= 0 ? runs[k].observations : [];
    const before = [...obs].reverse().find((o) => o.recv <= sent);
    const after = obs.find((o) => o.sent >= done);
    return {
      latencyMs: done - sent,
      class: duringSet.has(i) ? 'during' : betweenSet.has(i) ? 'no run' : 'unclassified',
      run: k >= 0 ? k + 1 : null,
      sentAtRunS: k >= 0 ? (sent - wallToPerf(runs[k].summary?.startedAt)) / 1000 : null,
      runDurationS: k >= 0 ? durationOf(runs[k]) / 1000 : null,
      phaseBefore: before ? `${before.status}/${before.phase}` : null,
      phaseAfter: after ? `${after.status}/${after.phase}` : null,
    };
  });

  // runs
  const runRows = runs.map((r, k) => {
    const s = r.summary ?? {};
    const iv = runningInterval(r);
    return {
      n: k + 1,
      documentId: r.documentId,
      status: s.status,
      version: s.version ?? null,
      accepted: r.accepted,
      parametersEchoed: s.parameters,
      serverDurationMs: durationOf(r),
      trainedMs: trainedMs(s),
      claimToTrainedMs: logSpan(s, 'claimed by', ' trained on '),
      trainedToStoredMs: logSpan(s, ' trained on ', ' stored as version '),
      queueToStartMs: wallToPerf(s.startedAt) - r.queuedAt,
      observedRunningMs: iv ? iv[1] - iv[0] : 0,
      polls: r.observations.length,
      phases: [
        ...new Set(r.observations.filter((o) => o.status === 'running').map((o) => o.phase)),
      ],
      error: s.error ?? null,
      logs: s.logs,
    };
  });
  const paramsMismatch = runRows.filter((r) =>
    Object.entries(TRAIN_PARAMS).some(
      ([k, v]) => JSON.stringify((r.parametersEchoed ?? {})[k]) !== JSON.stringify(v)
    )
  );
  if (paramsMismatch.length)
    warnings.push(`${paramsMismatch.length} run(s) do not echo the requested parameters`);
  const gaps: number[] = [];
  for (let k = 1; k < runs.length; k += 1)
    gaps.push(wallToPerf(runs[k].summary?.startedAt) - wallToPerf(runs[k - 1].summary?.finishedAt));
  return {
    running,
    during,
    between,
    duringFig,
    betweenFig,
    edge,
    windowAll,
    phaseRows,
    slowest,
    runRows,
    paramsMismatch,
    gaps,
  };
}

export type TrainingAnalysis = ReturnType<typeof analyseTrainingWindow>;
