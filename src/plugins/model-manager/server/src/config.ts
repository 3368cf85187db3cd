import { z } from 'zod';
import { DEFAULT_PROMOTION_POLICY, GATE_METRICS } from '../../shared/promotion-policy';
import { subjectTypeSchema } from './subjects/subject-types';
import { DEFAULT_FIT } from './ml/personal-correction';
import { DEFAULT_GATE } from './ml/personal-gate';

const MiB = 1024 * 1024;

const promotionPolicySchema = z
  .object({
    maxMetricDrop: z
      .object(Object.fromEntries(GATE_METRICS.map((m) => [m, z.number().min(0).max(1).optional()])))
      .strict(),
    minEvaluationSize: z.number().int().min(0),
  })
  .strict();

/** Plugin options, set under `model-manager.config` in config/plugins.ts (every key optional). */
export const pluginConfigSchema = z
  .object({
    /** Where the demo corpus and the foreign model live (never inside the repository). */
    dataDir: z.string().min(1),
    /** Largest ONNX file accepted by an upload (413 above). */
    maxArtifactBytes: z.number().int().positive(),
    /** Longest text, in characters, a predict request may send (413 above). */
    maxTextLength: z.number().int().positive(),
    /** Most texts in one predict request (413 above). */
    maxBatchSize: z.number().int().positive(),
    /** Texts per onnxruntime `run`: some graphs build dense N x vocabulary tensors. */
    runChunkSize: z.number().int().positive(),
    /** Distinct tokens explained per text (the rest get weight 0). */
    maxExplainedTokens: z.number().int().positive(),
    /** Session cache bounds, per process: sessions, and the memory they hold (RSS growth measured at load, at least the artifact's size). */
    sessionCache: z
      .object({ maxSessions: z.number().int().positive(), maxBytes: z.number().int().positive() })
      .strict(),
    /**
     * Load every served version (champions and challengers of every model) into the session cache in
     * the background, at boot and after each routing change, one at a time and only while the cache
     * has room (services/serving/prewarm.ts); off: a version loads on its first request.
     */
    prewarm: z.boolean(),
    /** onnxruntime thread pools, per session; 1 keeps many sessions from fighting for 2 cores. */
    intraOpNumThreads: z.number().int().min(0),
    interOpNumThreads: z.number().int().min(0),
    /** How often each instance checks whether a promotion changed the routing table. */
    routingPollMs: z.number().int().min(10),
    /** On PostgreSQL, also LISTEN for revision changes, so they arrive within milliseconds. */
    routingNotify: z.boolean(),
    /** Four-eyes rule: whoever uploaded or trained a version may not approve it. */
    fourEyes: z.boolean(),
    /** Uploads are loaded, smoke-tested and evaluated in child processes, each bounded in time and memory (a 400 names the limit); `maxConcurrent` at once, `maxQueued` waiting (503 past it). */
    sandbox: z
      .object({
        timeoutMs: z.number().int().min(100),
        memoryLimitMb: z.number().int().min(256),
        maxConcurrent: z.number().int().min(1),
        maxQueued: z.number().int().min(0),
      })
      .strict(),
    /**
     * Operators whose cost the data can size (serving-engine/data-sized-ops.ts: Loop, Scan, If, and
     * ConstantOfShape, Expand, Tile, Range, Pad, OneHot, Resize sized by a computed tensor) are
     * refused at upload unless named here. An allowed graph still serves only in a capped process.
     */
    allowDataSizedOps: z.array(z.string().min(1)),
    /**
     * Trusted inference: worker threads holding the sessions (each artifact lives in one of them),
     * and per-artifact batching: concurrent requests coalesce into one run of at most `maxBatchTexts`;
     * an idle artifact runs at once, or after `maxWaitMs` if set. An artifact whose graph has bounded
     * cost, and whose measured speed scores a text of `maxTextLength` within `maxTextMs`, runs on the
     * serving thread instead, in slices of at most `inlineSliceMs` (0: every artifact on the workers).
     */
    inference: z
      .object({
        workers: z.number().int().min(1).max(64),
        maxBatchTexts: z.number().int().positive(),
        maxWaitMs: z.number().min(0).max(1000),
        inlineSliceMs: z.number().min(0).max(100),
        maxTextMs: z.number().positive(),
        /** Longest a served run may take (queueing on its thread or process included): past it the caller gets a 504 naming the version and this limit, and the thread or process running it is replaced. */
        deadlineMs: z.number().int().min(100),
        /** Capped child processes serving the graphs that may not run on the serving thread's terms (data-sized ones included); each killed and respawned past the deadline. */
        processes: z.number().int().min(1).max(16),
        /** Address-space cap (ulimit -v) of each of those processes, as sandbox.memoryLimitMb is for uploads. */
        processMemoryLimitMb: z.number().int().min(256),
        /** Serve linear text graphs from a scorer compiled from their weights, when it agrees with onnxruntime at load (serving-engine/scorer/). */
        compiledScorers: z.boolean(),
      })
      .strict(),
    /** A session that failed to load is not retried for this long (every request gets the same error meanwhile). */
    failedLoadTtlMs: z.number().int().min(0),
    /** Cost ceiling of one predict: sum of characters x variants scored (explanations multiply it); 413 above. */
    requestBudget: z.number().int().positive(),
    /** A prediction whose top two probabilities are closer than this is `undecided`. */
    undecidedMargin: z.number().min(0).max(1),
    /** Routing poll and training queue; off for command-line tasks that load the app without serving. */
    backgroundJobs: z.boolean(),
    /** Predict fast path for API tokens (fast-path/predict-lane.ts). */
    fastPath: z
      .object({
        enabled: z.boolean(),
        ttlMs: z.number().int().min(0).max(60_000),
        maxBodyBytes: z.number().int().positive(),
      })
      .strict(),
    /** How often each instance looks for queued training runs (and for runs whose instance died). */
    trainingPollMs: z.number().int().min(10),
    /** How long a claimed run stays this instance's without a heartbeat (heartbeat every third of it). */
    trainingLeaseMs: z.number().int().min(1000),
    /** Fewest labelled rows a training run accepts. */
    trainingMinRows: z.number().int().min(2),
    /** V8 heap cap of a training process: running out fails the run, not the serving process. */
    trainingWorkerMemoryMb: z.number().int().min(64),
    /**
     * Personal models (services/readers/personal-models.ts): a reader's correction answers after `minLabels`
     * labels; it is refitted from their latest `maxLabels` labels, a word's weight whole at `evidence` (z) and
     * growing toward it with `sharpness`, only for words the reader gives one class `consistency` of the time
     * (ml/personal-correction.ts); most words per reader; bytes of corrections held in memory per process (LRU); audit
     * rows kept per reader; how long a process trusts the revision it knows of a reader's correction
     * (`revisionTtlMs`: its own writes and, on PostgreSQL, other instances' are heard of at once);
     * `gateSlack`: losses beyond wins (on the reader's own labels, judged before each is learnt) after
     * which the champion answers instead of the correction (negative: wins it must have beyond losses), judged per region of texts split by how far
     * the correction moves them (`gateBounds`, log-odds; empty: one gate per reader), each region, once judged,
     * needing a lead of `gateEvidence` x sqrt(labels judged) (0: the slack alone); `refit`: in the label's request (before
     * its 201) or in the background (the reader's next predict waits for it). `learningRate` (the
     * old online step) is accepted and ignored.
     */
    personal: z
      .object({
        minLabels: z.number().int().min(1).max(1000),
        learningRate: z.number().positive().max(10).optional(),
        l2: z.number().positive().max(1000).optional(),
        biasL2: z.number().positive().max(1000).optional(),
        evidence: z.number().positive().max(100),
        sharpness: z.number().min(1).max(100),
        consistency: z.number().min(0.5).max(1),
        maxLabels: z.number().int().min(1).max(10_000),
        maxTokens: z.number().int().min(10).max(100_000),
        cacheBytes: z.number().int().min(1024),
        keptUpdates: z.number().int().min(1).max(100_000),
        revisionTtlMs: z.number().int().min(0).max(3_600_000),
        gateSlack: z.number().int().min(-1_000_000).max(1_000_000),
        gateBounds: z.array(z.number().positive().max(100)).max(10),
        gateEvidence: z.number().min(0).max(10),
        refit: z.enum(['request', 'background']),
      })
      .strict(),
    /**
     * Readers' labels in a global model that opted in (`trainOnReaders`), and readers in the outcomes
     * per variant (ml/capped-votes.ts): labels an account gives at full weight, the prior against a
     * fresh account's trust, a row's weight per unit of vote margin and its cap (a trusted row weighs 1).
     */
    readerVotes: z
      .object({
        accountBudget: z.number().int().min(1).max(100_000),
        trustPrior: z.number().min(0).max(1000),
        voteWeight: z.number().positive().max(10),
        maxSubjectWeight: z.number().positive().max(10),
      })
      .strict(),
    /**
     * Prediction outcomes kept per model (services/serving/outcomes.ts): rows older than `maxAgeDays` and a
     * reader's rows past their newest `maxPerReader` are pruned when the reader's next prediction
     * is recorded, and by a sweep every `pruneEveryMs` (0: no sweep); the report reads `pageSize`
     * readers' figures at a time. A prediction's row is written off the request path: queued (at
     * most `maxQueued`, past which a request waits for the write) and written in batches at most
     * `flushMs` later, before a label, a report or a reset reads them, and at shutdown.
     */
    outcomes: z
      .object({
        maxAgeDays: z.number().positive().max(3650),
        maxPerReader: z.number().int().min(1).max(1_000_000),
        pruneEveryMs: z.number().int().min(0),
        pageSize: z.number().int().min(1).max(100_000),
        flushMs: z.number().int().min(0).max(60_000),
        maxQueued: z.number().int().min(1).max(1_000_000),
      })
      .strict(),
    /**
     * Monitoring of served models (services/monitoring/): every answer is counted per model and
     * day; `sampleRate` of the texts have their tokens counted (at most `maxTokens` distinct ones
     * per day and instance) for the drift score; counts are written every `flushMs`. `thresholds`
     * are every model's, unless a model sets its own: a crossed one sends `model-manager.model.drifted`
     * once per model, day and figure, and only once the day has `minServed` answers.
     */
    monitoring: z
      .object({
        enabled: z.boolean(),
        sampleRate: z.number().min(0).max(1),
        maxTokens: z.number().int().min(10).max(100_000),
        flushMs: z.number().int().min(100),
        /** how often each instance judges the models' retraining policies (services/monitoring/retraining.ts) */
        retrainCheckMs: z.number().int().min(100),
        thresholds: z
          .object({
            drift: z.number().min(0).max(1).nullable(),
            undecided: z.number().min(0).max(1).nullable(),
            noEvidence: z.number().min(0).max(1).nullable(),
            minServed: z.number().int().min(1),
            minSampled: z.number().int().min(1),
          })
          .strict(),
      })
      .strict(),
    /** The promotion gate (shared/promotion-policy.ts): every model's policy, unless overridden below. */
    promotionPolicy: promotionPolicySchema,
    /** Per-model overrides of `promotionPolicy`, by model slug. */
    promotionPolicies: z.record(z.string(), promotionPolicySchema.partial()),
    /**
     * The app's content types whose entries are subjects (subjects/subject-types.ts): how an entry
     * reads as text, which field holds people's tag, which model scores it on save. One per UID and alias.
     */
    subjects: z.array(subjectTypeSchema).superRefine((types, ctx) => {
      const seen = new Set<string>();
      for (const [i, type] of types.entries()) {
        for (const name of [type.uid, type.alias ? `alias ${type.alias}` : null]) {
          if (name && seen.has(name))
            ctx.addIssue({ code: 'custom', path: [i], message: `${name} is registered twice` });
          if (name) seen.add(name);
        }
      }
    }),
  })
  .strict();

export type PluginConfig = z.infer<typeof pluginConfigSchema>;

export const defaultConfig: PluginConfig = {
  dataDir: '../shared/data',
  maxArtifactBytes: 64 * MiB,
  maxTextLength: 20_000,
  maxBatchSize: 2_000,
  runChunkSize: 128,
  maxExplainedTokens: 200,
  sessionCache: { maxSessions: 50, maxBytes: 1024 * MiB },
  prewarm: true,
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  routingPollMs: 250,
  routingNotify: true,
  fourEyes: true,
  sandbox: { timeoutMs: 20_000, memoryLimitMb: 1536, maxConcurrent: 2, maxQueued: 16 },
  inference: {
    workers: 2,
    maxBatchTexts: 64,
    maxWaitMs: 0,
    inlineSliceMs: 4,
    maxTextMs: 100,
    deadlineMs: 15_000,
    processes: 1,
    processMemoryLimitMb: 1536,
    compiledScorers: true,
  },
  allowDataSizedOps: [],
  failedLoadTtlMs: 30_000,
  requestBudget: 2_000_000,
  undecidedMargin: 0.01,
  backgroundJobs: true,
  trainingPollMs: 500,
  trainingLeaseMs: 30_000,
  trainingMinRows: 10,
  trainingWorkerMemoryMb: 2048,
  fastPath: { enabled: true, ttlMs: 1_000, maxBodyBytes: 8 * MiB },
  // evidence and sharpness chosen by prequential evaluation on the train debates (bench/personal.ts), never on holdout
  personal: {
    minLabels: 3,
    evidence: DEFAULT_FIT.evidence,
    sharpness: DEFAULT_FIT.sharpness,
    consistency: DEFAULT_FIT.consistency,
    maxLabels: 500,
    maxTokens: DEFAULT_FIT.maxWords,
    cacheBytes: 256 * MiB,
    keptUpdates: 200,
    revisionTtlMs: 1_000,
    gateSlack: DEFAULT_GATE.slack,
    gateBounds: [...DEFAULT_GATE.bounds],
    gateEvidence: DEFAULT_GATE.z ?? 0,
    refit: 'request',
  },
  // maxSubjectWeight by bench/sybil.ts (train.jsonl only): at 1, accounts that earned trust flip 3 of 4 targeted sentences
  readerVotes: { accountBudget: 50, trustPrior: 5, voteWeight: 0.25, maxSubjectWeight: 0.25 },
  outcomes: {
    maxAgeDays: 180,
    maxPerReader: 500,
    pruneEveryMs: 3_600_000,
    pageSize: 1000,
    flushMs: 100,
    maxQueued: 10_000,
  },
  monitoring: {
    enabled: true,
    sampleRate: 0.1,
    maxTokens: 5000,
    flushMs: 10_000,
    retrainCheckMs: 60_000,
    thresholds: { drift: 0.5, undecided: 0.3, noEvidence: 0.3, minServed: 50, minSampled: 100 },
  },
  promotionPolicy: DEFAULT_PROMOTION_POLICY,
  promotionPolicies: {},
  subjects: [],
};

export default {
  default: defaultConfig,
  validator(config: unknown) {
    const result = pluginConfigSchema.safeParse(config);
    if (!result.success) {
      const problems = result.error.issues
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ');
      throw new Error(`Invalid model-manager config: ${problems}`);
    }
  },
};
