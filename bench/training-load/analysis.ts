/**
 * Classifies the training window's requests: "during training" only if a run was certainly
 * running when the request was sent AND when it completed; "no run" if certainly none was; the
 * rest (run edges) is counted but left out. Also a row per run.
 */
import type { LoadTrace } from '../lib/traced-load';
import { figures, inAny, indicesWhere } from './figures';
import { TRAIN_PARAMS, wallToPerf } from './options';
import { notRunningBounds, runningInterval, trainedMs, type Interval, type RunTrack } from './runs';

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

  // runs
  const runRows = runs.map((r, k) => {
    const s = r.summary ?? {};
    const iv = runningInterval(r);
    return {
      n: k + 1,
      status: s.status,
      version: s.version ?? null,
      accepted: r.accepted,
      parametersEchoed: s.parameters,
      serverDurationMs: durationOf(r),
      trainedMs: trainedMs(s),
      observedRunningMs: iv ? iv[1] - iv[0] : 0,
      error: s.error ?? null,
    };
  });
  const paramsMismatch = runRows.filter((r) =>
    Object.entries(TRAIN_PARAMS).some(
      ([k, v]) => JSON.stringify((r.parametersEchoed ?? {})[k]) !== JSON.stringify(v)
    )
  );
  if (paramsMismatch.length)
    warnings.push(`${paramsMismatch.length} run(s) do not echo the requested parameters`);
  return {
    running,
    during,
    between,
    duringFig,
    betweenFig,
    edge,
    windowAll,
    runRows,
    paramsMismatch,
  };
}

export type TrainingAnalysis = ReturnType<typeof analyseTrainingWindow>;
