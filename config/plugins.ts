import type { Core } from '@strapi/strapi';
import { maxArtifactBytes } from './limits';
import { articleSubject } from '../src/demo/article-subject';
import { secret } from './secrets';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  'users-permissions': {
    config: {
      jwtSecret: secret('JWT_SECRET', env('JWT_SECRET')),
    },
  },
  // Without `enabled: true` and `resolve`, Strapi silently drops a local plugin.
  'model-manager': {
    enabled: true,
    resolve: './src/plugins/model-manager',
    // Every key is optional; defaults and meanings: src/plugins/model-manager/server/src/config.ts
    config: {
      dataDir: env('MODEL_MANAGER_DATA_DIR', '../shared/data'),
      // The demo's articles are scored and tagged like any app's content (src/demo/article-subject.ts).
      subjects: [articleSubject(env('PARTISAN_MODEL_SLUG', 'partisan'))],
      backgroundJobs: env.bool('MODEL_MANAGER_BACKGROUND_JOBS', true),
      routingPollMs: env.int('MODEL_MANAGER_ROUTING_POLL_MS', 250),
      trainingLeaseMs: env.int('MODEL_MANAGER_TRAINING_LEASE_MS', 30_000),
      routingNotify: env.bool('MODEL_MANAGER_ROUTING_NOTIFY', true),
      maxArtifactBytes: maxArtifactBytes(env),
      sessionCache: {
        maxSessions: env.int('MODEL_MANAGER_CACHE_SESSIONS', 50),
        maxBytes: env.int('MODEL_MANAGER_CACHE_MB', 1024) * 1024 * 1024,
      },
      sandbox: {
        timeoutMs: env.int('MODEL_MANAGER_SANDBOX_TIMEOUT_MS', 20_000),
        memoryLimitMb: env.int('MODEL_MANAGER_SANDBOX_MEMORY_MB', 1536),
        maxConcurrent: env.int('MODEL_MANAGER_SANDBOX_CONCURRENT', 2),
        maxQueued: env.int('MODEL_MANAGER_SANDBOX_QUEUED', 16),
      },
      inference: {
        workers: env.int('MODEL_MANAGER_INFERENCE_WORKERS', 2),
        maxBatchTexts: env.int('MODEL_MANAGER_BATCH_MAX_TEXTS', 64),
        maxWaitMs: env.float('MODEL_MANAGER_BATCH_MAX_WAIT_MS', 0),
        inlineSliceMs: env.float('MODEL_MANAGER_INLINE_SLICE_MS', 4),
        maxTextMs: env.float('MODEL_MANAGER_INLINE_MAX_TEXT_MS', 100),
      },
      fastPath: {
        enabled: env.bool('MODEL_MANAGER_FAST_PATH', true),
        ttlMs: env.int('MODEL_MANAGER_FAST_PATH_TTL_MS', 1000),
        maxBodyBytes: 8 * 1024 * 1024,
      },
    },
  },
});

export default config;
