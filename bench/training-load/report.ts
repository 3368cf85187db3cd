/** The training-load bench's printed report and its JSON (bench/results/predict-during-training.json). */
import { log, othersCell } from '../lib/bench';
import { pct, type CpuWindow } from '../lib/cpu';
import { tasksetAvailable } from '../lib/procs';
import { environment, writeResults } from '../lib/results';
import { fmt, fmtInt, table } from '../lib/stats';
import type { TrainingAnalysis } from './analysis';
import type { WindowFigures } from './figures';
import {
  CONNECTIONS,
  DISTURBED,
  IDLE_AFTER_S,
  IDLE_S,
  MAX_RUNS,
  POLL_MS,
  TRAIN_PARAMS,
  TRAIN_S,
  WARMUP_S,
} from './options';
import type { Prepared } from './setup';
import type { IdleWindow, TrainingWindow } from './windows';

export interface TrainingLoadResults {
  prep: Prepared;
  idle: IdleWindow;
  idleAfter: IdleWindow | null;
  training: TrainingWindow;
  analysis: TrainingAnalysis;
  warnings: string[];
  buildWarning: string | null;
  texts: number;
  benchStarted: number;
}

export function report(r: TrainingLoadResults) {
  const { idle, idleAfter, warnings, buildWarning, benchStarted } = r;
  const { runs, trace, cpu: trainCpu, stopReason } = r.training;
  const { running, during, duringFig, betweenFig, edge, windowAll, runRows, paramsMismatch } =
    r.analysis;
  const { server, setupMs, impTrain, impHoldout, byDataset, serverCpus, pin, servingVersion } =
    r.prep;
  const cpuCell = (c: CpuWindow) =>
    `${pct(c.server)} / ${pct(c.bench)} / ${othersCell(c.others, DISTURBED)}`;
  const row = (f: WindowFigures, cpu?: CpuWindow) => [
    f.name,
    String(f.requests),
    fmt(f.coveredS, 1),
    fmtInt(f.rps),
    fmt(f.latency.p50, 2),
    fmt(f.latency.p90, 2),
    fmt(f.latency.p99, 2),
    fmt(f.latency.max, 1),
    fmt(f.longestSilenceMs, 1),
    String(f.non2xx + f.failures),
    cpu ? cpuCell(cpu) : '',
  ];
  log(`\n## Single-text predict, ${CONNECTIONS} connections (closed loop)`);
  log(
    table([
      [
        'window',
        'requests',
        'covered s',
        'req/s',
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'max ms',
        'longest silence ms',
        'failed',
        'CPU server / bench / others',
      ],
      row(idle.fig, idle.cpu),
      row(duringFig, trainCpu),
      row(betweenFig),
      ...(idleAfter ? [row(idleAfter.fig, idleAfter.cpu)] : []),
    ])
  );
  log(
    `(CPU: share of one core over the whole window, two cores in all; the training-window CPU covers all ${fmt((trace.to - trace.from) / 1000, 1)} s of it, runs and gaps. "longest silence": longest time in which no predict response completed.`
  );
  log(
    ` ${edge} training-window requests are in neither row: sent or completed while a run's state was uncertain (between two polls around a start or an end) or spanning a run boundary.`
  );
  const ratios = {
    p50: duringFig.latency.p50 / idle.fig.latency.p50,
    p90: duringFig.latency.p90 / idle.fig.latency.p90,
    p99: duringFig.latency.p99 / idle.fig.latency.p99,
    max: duringFig.latency.max / idle.fig.latency.max,
    rps: duringFig.rps / idle.fig.rps,
  };
  log(
    `\nduring / idle (before):  p50 ${fmt(ratios.p50, 2)}x   p99 ${fmt(ratios.p99, 2)}x   (p90 ${fmt(ratios.p90, 2)}x, max ${fmt(ratios.max, 2)}x, req/s ${fmt(ratios.rps, 2)}x)`
  );
  if (idleAfter)
    log(
      `idle after / idle before: p50 ${fmt(idleAfter.fig.latency.p50 / idle.fig.latency.p50, 2)}x   p99 ${fmt(idleAfter.fig.latency.p99 / idle.fig.latency.p99, 2)}x   (drift check)`
    );
  log(
    `worst stall seen while a run was running: max latency ${fmt(duringFig.latency.max, 1)} ms, longest silence ${fmt(duringFig.longestSilenceMs, 1)} ms (idle: ${fmt(idle.fig.latency.max, 1)} / ${fmt(idle.fig.longestSilenceMs, 1)} ms)`
  );
  log(
    `worst in the whole training window, requests at run edges included: max latency ${fmt(windowAll.latency.max, 1)} ms, longest silence ${fmt(windowAll.longestSilenceMs, 1)} ms (${windowAll.requests} requests, p99 ${fmt(windowAll.latency.p99, 2)} ms)`
  );

  log(
    `\n## Training runs under load (${runs.length} run(s), ${fmt(running.reduce((s, [a, b]) => s + b - a, 0) / 1000, 1)} s certainly running; stop: ${stopReason || 'all runs finished'})`
  );
  log(
    table([
      ['run', 'status', 'version', 'server s', 'trainer s', 'observed running s'],
      ...runRows.map((r) => [
        String(r.n),
        String(r.status),
        String(r.version ?? '-'),
        fmt(r.serverDurationMs / 1000, 2),
        fmt(r.trainedMs / 1000, 2),
        fmt(r.observedRunningMs / 1000, 2),
      ]),
    ])
  );
  log(
    `each run accepted with HTTP ${[...new Set(runRows.map((r) => r.accepted.status))].join('/')}; parameters echoed by the run: ${paramsMismatch.length ? 'MISMATCH' : 'as requested'}`
  );

  log(
    `\nCPU allotment: 2 CPUs; Strapi NOT pinned (allowed CPUs ${serverCpus}: main thread, training worker thread, onnxruntime); load generator ${pin.note}.`
  );
  log(
    `setup: first server ${fmt(setupMs.firstServer / 1000, 1)} s, import train ${fmt(impTrain.ms / 1000, 1)} s (${impTrain.line.replace(/^.*: /, '')}), import holdout ${fmt(impHoldout.ms / 1000, 1)} s (${impHoldout.line.replace(/^.*: /, '')}), feedback rows counted through the admin API ${JSON.stringify(byDataset)}, boot ${fmt(server.bootMs / 1000, 1)} s, deploy (train defaults + review + promote) ${fmt(setupMs.deploy / 1000, 1)} s`
  );
  for (const c of [idle, idleAfter].filter(Boolean) as Array<typeof idle>)
    if (c.cpu.others > DISTURBED)
      warnings.push(
        `${c.fig.name}: other processes used ${pct(c.cpu.others)} of a core: DISTURBED`
      );
  if (trainCpu.others > DISTURBED)
    warnings.push(
      `training window: other processes used ${pct(trainCpu.others)} of a core: DISTURBED`
    );
  if (during.length < 200)
    warnings.push(
      `only ${during.length} requests fell inside running windows: the during-training percentiles are thin`
    );
  for (const w of warnings) log(`!!! ${w}`);
  const totalS = (performance.now() - benchStarted) / 1000;
  log(`bench wall time ${fmt(totalS, 0)} s`);

  const out = writeResults('predict-during-training', {
    environment: environment(),
    settings: {
      connections: CONNECTIONS,
      idleS: IDLE_S,
      warmupS: WARMUP_S,
      idleAfterS: IDLE_AFTER_S,
      trainSeconds: TRAIN_S,
      maxRuns: MAX_RUNS,
      pollMs: POLL_MS,
      trainParams: TRAIN_PARAMS,
      texts: r.texts,
    },
    cpuAllotment: {
      taskset: tasksetAvailable(),
      server: `not pinned (allowed ${serverCpus})`,
      bench: pin,
    },
    buildWarning,
    setupMs,
    imports: { train: impTrain, holdout: impHoldout, rowsByDataset: byDataset },
    servingVersion,
    windows: {
      idleBefore: { ...idle.fig, cpu: idle.cpu, polls: idle.polls },
      during: { ...duringFig, cpu: trainCpu },
      trainingWindowNoRun: betweenFig,
      trainingWindowUnclassified: edge,
      wholeTrainingWindow: windowAll,
      idleAfter: idleAfter
        ? { ...idleAfter.fig, cpu: idleAfter.cpu, polls: idleAfter.polls }
        : null,
    },
    ratios,
    runs: runRows,
    stopReason,
    warnings,
    wallS: totalS,
  });
  log(`\nJSON: ${out}`);
}
