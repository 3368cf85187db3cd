/** Many-models bench settings (CLI flag, else env, else default) and naming helpers. */
import { flag, numOpt } from '../lib/cli';
import { progressFor } from '../lib/bench';
import { builtConfigReads } from '../lib/strapi';
import { fmtInt } from '../lib/stats';

export const MODELS = numOpt('models', 'BENCH_MODELS', 200);
export const SUBSET = numOpt('subset', 'BENCH_SUBSET', 300);
export const REQUESTS = numOpt('requests', 'BENCH_REQUESTS', 2000);
export const CONCURRENCY = numOpt('concurrency', 'BENCH_CONCURRENCY', 4);
export const CACHE = numOpt('cache', 'BENCH_CACHE', 50);
export const CACHE_MB = numOpt('cache-mb', 'BENCH_CACHE_MB', 1024);
export const SEED = numOpt('seed', 'BENCH_SEED', 1);
/** Cache of the setup server (default: all models fit, so promotions stay cheap); --setup-cache 50 shows what promotions cost when they do not. */
export const SETUP_CACHE = numOpt('setup-cache', 'BENCH_SETUP_CACHE', 0);
/** Models set up in parallel (create, upload, review, promote); 1 gives clean per-step timings. */
export const SETUP_CONCURRENCY = numOpt('setup-concurrency', 'BENCH_SETUP_CONCURRENCY', 4);
/** --engines-only: skip the access patterns; only compiled scorers against onnxruntime (many-models/engines.ts). */
export const ENGINES_ONLY = flag('engines-only', 'BENCH_ENGINES_ONLY');
/** Bounds only a hang: a loaded shared machine can take minutes to boot Strapi (the harness's default is 3). */
export const BOOT_TIMEOUT_MS = 900_000;
export const SERVER_CPU = 0;
export const BENCH_CPU = 1;
export const ENV_SESSIONS = 'MODEL_MANAGER_CACHE_SESSIONS';
export const ENV_MB = 'MODEL_MANAGER_CACHE_MB';

export const progress = progressFor('many-models');
export const slugOf = (i: number) => `mm-${String(i).padStart(3, '0')}`;
export const kib2mib = (k: number) => fmtInt(k / 1024);

/** Whether the built config reads the cache env vars (the plugin's sessionCache is otherwise fixed at 50 / 1024 MiB). */
export function cacheEnvHonoured(): { sessions: boolean; mb: boolean } {
  return { sessions: builtConfigReads(ENV_SESSIONS), mb: builtConfigReads(ENV_MB) };
}
