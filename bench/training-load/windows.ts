/**
 * The measured windows under the same closed-loop predict load: idle (no run; the poller still
 * GETs the finished deploy run so the server sees the same background requests), and training
 * (runs queued back to back until enough running time is covered, or a cap is reached).
 */
import { CpuMeter, describeCpu, type CpuWindow } from '../lib/cpu';
import { sleep } from '../lib/procs';
import { fmt, fmtInt, median } from '../lib/stats';
import { bearer, predictPath } from '../lib/strapi';
import { startLoad, type LoadTrace } from '../lib/traced-load';
import { durationOf } from './analysis';
import { figures, type WindowFigures } from './figures';
import {
  CONNECTIONS,
  MAX_RUNS,
  POLL_MS,
  SLUG,
  TRAIN_PARAMS,
  TRAIN_S,
  TRAIN_WALL_S,
  progress,
} from './options';
import { queueRun, startPoller, type RunTrack } from './runs';
import type { Prepared } from './setup';

export interface IdleWindow {
  fig: WindowFigures;
  cpu: CpuWindow;
  polls: number;
  trace: LoadTrace;
}

export interface TrainingWindow {
  runs: RunTrack[];
  trace: LoadTrace;
  cpu: CpuWindow;
  stopReason: string;
}

export function measuredWindows(prep: Prepared, bodies: string[], warnings: string[]) {
  const { server, creds, deployRun } = prep;
  const startLoadAt = (startIndex: number, durationS?: number) =>
    startLoad({
      base: server.base,
      path: predictPath(SLUG),
      headers: bearer(creds.apiToken),
      bodies,
      startIndex,
      connections: CONNECTIONS,
      durationS,
    });

  const warmup = async (seconds: number) => {
    await startLoadAt(600, seconds).finished;
  };

  const idleWindow = async (
    label: string,
    seconds: number,
    startIndex: number
  ): Promise<IdleWindow> => {
    const poller = startPoller(server.base, creds.apiToken, () => [deployRun]);
    const meter = new CpuMeter([server.pid]).start();
    const load = startLoadAt(startIndex, seconds);
    const trace = await load.finished;
    const cpu = meter.stop();
    await poller.stop();
    deployRun.observations = [];
    const all = trace.sent.map((_, i) => i);
    const fig = figures(label, trace, all, [[trace.from, trace.to]]);
    progress(
      `${label}: ${fmtInt(fig.rps)} req/s, p50 ${fmt(fig.latency.p50)} ms, p99 ${fmt(fig.latency.p99)} ms, max ${fmt(fig.latency.max, 1)} ms; CPU: ${describeCpu(cpu)}`
    );
    if (trace.firstError) warnings.push(`${label}: first error: ${trace.firstError}`);
    return { fig, cpu, polls: poller.polls(), trace };
  };

  const trainingWindow = async (): Promise<TrainingWindow> => {
    const runs: RunTrack[] = [];
    const poller = startPoller(server.base, creds.apiToken, () => runs.filter((r) => !r.terminal));
    const trainMeter = new CpuMeter([server.pid]).start();
    const load = startLoadAt(0);
    const trainFrom = performance.now();
    let stopReason = '';
    runs.push(await queueRun(server.base, creds.apiToken, TRAIN_PARAMS));
    for (;;) {
      await sleep(POLL_MS / 2);
      if (poller.failure()) throw poller.failure();
      const elapsedS = (performance.now() - trainFrom) / 1000;
      const active = runs.filter((r) => !r.terminal);
      const waiting = active.filter((r) => r.summary?.status !== 'running');
      const current = active.find((r) => r.summary?.status === 'running');
      const finished = runs.filter((r) => r.terminal);
      const bad = finished.find((r) => r.summary?.status !== 'succeeded');
      if (bad && !stopReason) {
        stopReason = `run ${bad.documentId} ended ${bad.summary?.status}: ${bad.summary?.error ?? ''}`;
        warnings.push(`training run ${stopReason}`);
      }
      // decide only on a settled picture: one run left and seen running (a run that just ended may still
      // read "running" in this poll round while its successor already does too), or none left at all
      if (
        !stopReason &&
        waiting.length === 0 &&
        ((current && active.length === 1) || active.length === 0)
      ) {
        // queue the next run while the current one is running, so it is claimed as soon as that one ends
        const covered = finished.reduce((s, r) => s + durationOf(r) / 1000, 0);
        const estimate =
          current && finished.length ? median(finished.map((r) => durationOf(r) / 1000)) : 0;
        if (runs.length >= MAX_RUNS) stopReason = `max runs (${MAX_RUNS})`;
        else if (covered + estimate >= TRAIN_S) stopReason = `~${TRAIN_S} s of runs covered`;
        else if (elapsedS + 2 * Math.max(estimate, 1) > TRAIN_WALL_S)
          stopReason = `training window cap ${TRAIN_WALL_S} s`;
        else runs.push(await queueRun(server.base, creds.apiToken, TRAIN_PARAMS));
      }
      if (stopReason && active.length === 0) break;
      if (elapsedS > TRAIN_WALL_S) {
        stopReason = `training window cap ${TRAIN_WALL_S} s reached with runs unfinished`;
        warnings.push(stopReason);
        break;
      }
    }
    const trace = await load.stop();
    const trainCpu = trainMeter.stop();
    await poller.stop();
    progress(
      `training window done (${stopReason || 'all runs finished'}): ${fmt((trace.to - trace.from) / 1000, 1)} s, ${runs.length} runs; CPU: ${describeCpu(trainCpu)}`
    );
    if (trace.firstError) warnings.push(`training window: first error: ${trace.firstError}`);
    return { runs, trace, cpu: trainCpu, stopReason };
  };

  return { warmup, idleWindow, trainingWindow };
}
