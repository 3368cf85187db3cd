import type { Core } from '@strapi/strapi';
import { maxArtifactBytes } from './limits';
import { articleSubject } from '../src/demo/article-subject';
import { secret } from './secrets';

/** A variable's value when it is set, else undefined, which leaves the plugin's own default in force. */
const optionalEnv = (env: Core.Config.Shared.ConfigParams['env']) => {
  const set = (name: string) => env(name) !== undefined && env(name) !== '';
  return {
    int: (name: string) => (set(name) ? env.int(name) : undefined),
    float: (name: string) => (set(name) ? env.float(name) : undefined),
    bool: (name: string) => (set(name) ? env.bool(name) : undefined),
    mib: (name: string) => (set(name) ? (env.int(name) ?? 0) * 1024 * 1024 : undefined),
  };
};

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => {
  const optional = optionalEnv(env);
  return {
    'users-permissions': {
      config: {
        jwtSecret: secret('JWT_SECRET', env('JWT_SECRET')),
      },
    },
    // Without `enabled: true` and `resolve`, Strapi silently drops a local plugin.
    'model-manager': {
      // MODEL_MANAGER_ENABLED=false boots the same app without the plugin: the memory floor the
      // serving benchmark measures the plugin against.
      enabled: env.bool('MODEL_MANAGER_ENABLED', true),
      resolve: './src/plugins/model-manager',
      // Only what the environment sets: every other key keeps the plugin's default
      // (src/plugins/model-manager/server/src/config.ts, where each is explained).
      config: {
        dataDir: env('MODEL_MANAGER_DATA_DIR'),
        // The demo's articles are scored and tagged like any app's content (src/demo/article-subject.ts).
        subjects: [articleSubject(env('PARTISAN_MODEL_SLUG', 'partisan'))],
        backgroundJobs: optional.bool('MODEL_MANAGER_BACKGROUND_JOBS'),
        routingPollMs: optional.int('MODEL_MANAGER_ROUTING_POLL_MS'),
        trainingLeaseMs: optional.int('MODEL_MANAGER_TRAINING_LEASE_MS'),
        routingNotify: optional.bool('MODEL_MANAGER_ROUTING_NOTIFY'),
        maxArtifactBytes: maxArtifactBytes(env),
        prewarm: optional.bool('MODEL_MANAGER_PREWARM'),
        sessionCache: {
          maxSessions: optional.int('MODEL_MANAGER_CACHE_SESSIONS'),
          maxBytes: optional.mib('MODEL_MANAGER_CACHE_MB'),
        },
        sandbox: {
          timeoutMs: optional.int('MODEL_MANAGER_SANDBOX_TIMEOUT_MS'),
          memoryLimitMb: optional.int('MODEL_MANAGER_SANDBOX_MEMORY_MB'),
          maxConcurrent: optional.int('MODEL_MANAGER_SANDBOX_CONCURRENT'),
          maxQueued: optional.int('MODEL_MANAGER_SANDBOX_QUEUED'),
        },
        inference: {
          workers: optional.int('MODEL_MANAGER_INFERENCE_WORKERS'),
          maxBatchTexts: optional.int('MODEL_MANAGER_BATCH_MAX_TEXTS'),
          maxWaitMs: optional.float('MODEL_MANAGER_BATCH_MAX_WAIT_MS'),
          inlineSliceMs: optional.float('MODEL_MANAGER_INLINE_SLICE_MS'),
          maxTextMs: optional.float('MODEL_MANAGER_INLINE_MAX_TEXT_MS'),
          deadlineMs: optional.int('MODEL_MANAGER_INFERENCE_DEADLINE_MS'),
          processes: optional.int('MODEL_MANAGER_INFERENCE_PROCESSES'),
          processMemoryLimitMb: optional.int('MODEL_MANAGER_INFERENCE_PROCESS_MEMORY_MB'),
          compiledScorers: optional.bool('MODEL_MANAGER_COMPILED_SCORERS'),
        },
        personal: {
          cacheBytes: optional.mib('MODEL_MANAGER_PERSONAL_CACHE_MB'),
          refit: env('MODEL_MANAGER_PERSONAL_REFIT') || undefined,
          revisionTtlMs: optional.int('MODEL_MANAGER_PERSONAL_REVISION_TTL_MS'),
        },
        monitoring: {
          enabled: optional.bool('MODEL_MANAGER_MONITORING'),
          sampleRate: optional.float('MODEL_MANAGER_MONITORING_SAMPLE_RATE'),
          flushMs: optional.int('MODEL_MANAGER_MONITORING_FLUSH_MS'),
          retrainCheckMs: optional.int('MODEL_MANAGER_RETRAIN_CHECK_MS'),
        },
        fastPath: {
          enabled: optional.bool('MODEL_MANAGER_FAST_PATH'),
          ttlMs: optional.int('MODEL_MANAGER_FAST_PATH_TTL_MS'),
          maxBodyBytes: 8 * 1024 * 1024, // the body parser's jsonLimit (config/middlewares.ts)
        },
      },
    },
  };
};

export default config;
