/** Serving bench settings (CLI flag, else env, else default) and fixed constants. */
import { flag, numOpt, strOpt } from '../lib/cli';
import { progressFor, waitQuietRequested } from '../lib/bench';

export const CONNECTIONS = numOpt('connections', 'BENCH_CONNECTIONS', 10);
export const DURATION_S = numOpt('duration', 'BENCH_DURATION', 10);
export const WARMUP_S = numOpt('warmup', 'BENCH_WARMUP', 2);
export const BATCH_RUNS = numOpt('batch-runs', 'BENCH_BATCH_RUNS', 5);
export const PROFILE = flag('profile', 'BENCH_PROFILE');
export const PROF_DIR = strOpt('prof-dir', 'BENCH_PROF_DIR', '/tmp/prof');
/** Profile mode: profile Strapi with the predict fast path switched off (MODEL_MANAGER_FAST_PATH=false). */
export const PROFILE_ENV: Record<string, string> = flag('fast-path-off')
  ? { MODEL_MANAGER_FAST_PATH: 'false' }
  : {};
/** A measured window during which other processes used more than this many cores is "disturbed" and retried. */
export const DISTURBED = numOpt('disturbed-limit', 'BENCH_DISTURBED_LIMIT', 0.3);
/** Default: no retry (the run stays bounded, disturbed windows are flagged); with --wait-quiet, 2. */
export const RETRIES = numOpt('retries', 'BENCH_RETRIES', waitQuietRequested() ? 2 : 0);
export const SERVER_CPU = 0;
export const BENCH_CPU = 1;
export const SLUG = 'bench-sklearn';
export const TOLERANCE = 1e-5;
export const CHUNK = 128; // the plugin's default runChunkSize

export const progress = progressFor('serving');
