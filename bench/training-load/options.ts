/** Predict-during-training bench settings (CLI flag, else env, else default) and fixed names. */
import { progressFor } from '../lib/bench';
import { numOpt, strOpt } from '../lib/cli';

export const CONNECTIONS = numOpt('connections', 'BENCH_CONNECTIONS', 4);
export const IDLE_S = numOpt('idle', 'BENCH_IDLE', 8);
export const WARMUP_S = numOpt('warmup', 'BENCH_WARMUP', 2);
export const IDLE_AFTER_S = numOpt('idle-after', 'BENCH_IDLE_AFTER', 5);
/** Stop queueing runs once the runs so far (finished + the current one, estimated) cover this many seconds of `running`. */
export const TRAIN_S = numOpt('train-seconds', 'BENCH_TRAIN_SECONDS', 30);
export const MAX_RUNS = numOpt('max-runs', 'BENCH_MAX_RUNS', 6);
/** Hard cap on the training window: queued runs are not waited for beyond it. */
export const TRAIN_WALL_S = numOpt('train-wall', 'BENCH_TRAIN_WALL', 90);
export const POLL_MS = numOpt('poll-ms', 'BENCH_POLL_MS', 100);
export const DISTURBED = numOpt('disturbed-limit', 'BENCH_DISTURBED_LIMIT', 0.3);
export const BENCH_CPU_OPT = strOpt('bench-cpu', 'BENCH_CPU', '1');
export const TRAIN_PARAMS: Record<string, unknown> = JSON.parse(
  strOpt(
    'params',
    'BENCH_TRAIN_PARAMS',
    JSON.stringify({
      algorithm: 'logistic-regression',
      ngramRange: [1, 3],
      minDf: 1,
      maxIterations: 2000,
    })
  )
);
export const SLUG = 'bench-training-load';
export const TRAIN_DATASET = 'debates-train';
export const EVAL_DATASET = 'holdout';

export const progress = progressFor('training-load');
/** Wall-clock ms (server timestamps) -> this process's performance.now() clock. */
export const wallToPerf = (iso: string | null | undefined) =>
  iso ? Date.parse(iso) - performance.timeOrigin : NaN;
