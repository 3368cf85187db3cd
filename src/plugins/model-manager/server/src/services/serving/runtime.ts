import type { Core } from '@strapi/strapi';
import { Batcher } from '../../serving-engine/batcher';
import type { ExactExplanation } from '../../serving-engine/exact-explain';
import { FailureMemo } from '../../serving-engine/failure-memo';
import type { TextClassifierSignature } from '../../serving-engine/onnx-text-classifier';
import { onnx } from 'onnx-proto';
import { ArtifactError } from '../../serving-engine/artifact-error';
import { refusedDataSizedNodes } from '../../serving-engine/data-sized-ops';
import { WorkerReplacedError } from '../../serving-engine/inference-errors';
import { inlineVerdict } from '../../serving-engine/inline-eligibility';
import { InferencePool, type RemoteModel } from '../../serving-engine/pool/inference-pool';
import { ReferenceProcess } from '../../serving-engine/pool/reference-process';
import { runSandboxed } from '../../serving-engine/sandbox/run-sandboxed';
import { SandboxSlots } from '../../serving-engine/sandbox/sandbox-slots';
import { HeldModels } from '../../serving-engine/held-models';
import type { EngineInfo } from '../../serving-engine/pool/messages';
import { LocalModel } from '../../serving-engine/local-model';
import { SessionCache } from '../../serving-engine/session-cache';
import { getService } from '../../utils/get-service';
import { pluginConfig } from '../../utils/plugin-config';

/** How many of a model's evaluation texts a compiled scorer must also agree on at load. */
const PARITY_EVALUATION_TEXTS = 256;

/** A graph whose cost its data can size is refused before the sandbox, unless allow-listed. */
function refuseDataSized(bytes: Uint8Array, allowed: readonly string[]) {
  let proto: onnx.ModelProto;
  try {
    proto = onnx.ModelProto.decode(bytes);
  } catch {
    return; // not ONNX at all: the sandbox says so
  }
  const refused = refusedDataSizedNodes(proto, allowed);
  if (!refused.length) return;
  const list = refused
    .slice(0, 5)
    .map((n) => `${n.opType} at ${n.where}`)
    .join('; ');
  throw new ArtifactError(
    'data_sized_graph',
    `The model has operators whose cost its input data can size (${list}), which are refused unless allowDataSizedOps names them.`
  );
}

/** An upload that passed the sandbox: its signature and the rows it gave for the texts asked. */
export interface ValidatedArtifact {
  signature: TextClassifierSignature;
  rows: number[][];
}

/** One text's scores: probabilities in class order; known n-grams (our linear exports) or null. */
export interface ScoredRow {
  probabilities: number[];
  evidence: number | null;
}

export interface Scored {
  rows: ScoredRow[];
  classLabels: string[];
  /** one of our linear exports: exact explanations, and `evidence` per row */
  linear: boolean;
}

/** A loaded artifact: on a worker thread, or on this one when its runs are cheap and bounded. */
type ServedModel = RemoteModel | LocalModel;

/** How long the parity checks' child process outlives its last load (a prewarm's loads keep it up). */
const REFERENCE_IDLE_MS = 30_000;

/**
 * onnxruntime for this process. Uploads are validated in a sandboxed child process
 * (serving/sandbox); stored artifacts are served on this thread in short slices when their graph's
 * cost is bounded and measured (serving-engine/local-model), else from worker threads when the graph is
 * bounded (serving/pool), else from capped child processes that a deadline can kill; through an
 * LRU of sessions bounded by the memory they measurably hold, with concurrent requests for one
 * artifact batched into one run (serving-engine/batcher). Loads that fail are remembered for a while.
 */
const createRuntimeService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => pluginConfig(strapi);
  const loadOptions = () => ({
    intraOpNumThreads: config().intraOpNumThreads,
    interOpNumThreads: config().interOpNumThreads,
  });
  /** A served load: compiled scorers as configured, checked on the model's evaluation texts too. */
  const servingOptions = async (hash: string) => ({
    ...loadOptions(),
    compiledScorers: config().inference.compiledScorers,
    parityTexts: config().inference.compiledScorers ? await evaluationTexts(hash) : [],
  });
  /** Up to PARITY_EVALUATION_TEXTS of the evaluation texts of a model serving this artifact. */
  async function evaluationTexts(hash: string): Promise<string[]> {
    try {
      const model = await getService(strapi, 'models').modelOfArtifact(hash);
      const set = model ? await getService(strapi, 'feedback').evaluationSet(model) : null;
      return (set?.rows ?? []).slice(0, PARITY_EVALUATION_TEXTS).map((r) => r.text);
    } catch {
      return []; // the parity check still runs on the smoke and vocabulary texts
    }
  }
  let pool: InferencePool | null = null;
  /** graphs whose cost the data can size: only in processes under inference.processMemoryLimitMb */
  let processes: InferencePool | null = null;
  let cache: SessionCache<ServedModel> | null = null;
  const batchers = new Map<string, Batcher<ScoredRow>>();
  const failures = new FailureMemo(() => config().failedLoadTtlMs);
  const sandboxes = new SandboxSlots(() => config().sandbox);
  /** A compiled model keeps no bytes: should onnxruntime have to answer for it, they are fetched again. */
  const source = (hash: string) => getService(strapi, 'artifacts').fetch(hash);
  /** onnxruntime for the parity checks of the models this thread compiles: a child process, idle-closed */
  const references = new ReferenceProcess(
    () => InferencePool.ofProcesses(1, () => config().inference.processMemoryLimitMb),
    () => config().inference.deadlineMs,
    REFERENCE_IDLE_MS
  );
  // the sessions this thread serves itself (serving-engine/local-model.ts)
  const inline = new HeldModels({ source, reference: references.load });

  const sessions = () => {
    cache ??= new SessionCache<ServedModel>(config().sessionCache, async (hash) =>
      failures.guard(hash, async () => {
        const bytes = await getService(strapi, 'artifacts').fetch(hash);
        const { inlineSliceMs, maxTextMs } = config().inference;
        const limits = { sliceMs: inlineSliceMs, maxTextMs, maxTextLength: config().maxTextLength };
        const options = await servingOptions(hash);
        const local =
          inlineSliceMs > 0 ? await LocalModel.load(inline, hash, bytes, options, limits) : null;
        if (local) return { value: local, bytes: local.info.memoryBytes };
        // V8 cannot stop a thread inside onnxruntime, nor cap its native memory: a graph whose
        // cost is not bounded by its input's size runs where SIGKILL and ulimit reach it
        const bounded = inlineVerdict(onnx.ModelProto.decode(bytes)).eligible;
        const members = bounded
          ? (pool ??= new InferencePool(config().inference.workers, source))
          : (processes ??= InferencePool.ofProcesses(
              config().inference.processes,
              () => config().inference.processMemoryLimitMb,
              source
            ));
        const remote = await members.load(hash, bytes, options);
        return { value: remote, bytes: remote.info.memoryBytes };
      })
    );
    return cache;
  };

  /** `retried`: a call lost because its worker was replaced for another call is retried once. */
  async function withModel<T>(
    hash: string,
    work: (model: ServedModel) => Promise<T>,
    retried = false
  ): Promise<T> {
    const lease = await sessions().acquire(hash);
    try {
      if (!lease.value.alive) {
        sessions().forget(hash); // its worker thread was replaced: load afresh
        return await withModel(hash, work, retried);
      }
      return await work(lease.value);
    } catch (error) {
      if (!(error instanceof WorkerReplacedError) || retried) throw error;
      sessions().forget(hash);
      return await withModel(hash, work, true);
    } finally {
      lease.release();
    }
  }

  async function runRows(hash: string, texts: string[]): Promise<ScoredRow[]> {
    return withModel(hash, async (model) => {
      const width = model.info.signature.classLabels.length;
      const { runChunkSize, inference } = config();
      const { probabilities, evidence } = await model.run(
        texts,
        runChunkSize,
        inference.deadlineMs
      );
      return texts.map((_, i) => ({
        probabilities: Array.from(probabilities.subarray(i * width, (i + 1) * width)),
        evidence: evidence ? evidence[i] : null,
      }));
    });
  }

  const batcherFor = (hash: string) => {
    let batcher = batchers.get(hash);
    if (!batcher) {
      batcher = new Batcher<ScoredRow>(
        (texts) => runRows(hash, texts),
        () => config().inference
      );
      batchers.set(hash, batcher);
    }
    return batcher;
  };

  return {
    /** Loads, smoke-tests and scores an upload in the sandbox; throws ArtifactError naming what is wrong. */
    async validate(bytes: Uint8Array, texts: string[] = []): Promise<ValidatedArtifact> {
      refuseDataSized(bytes, config().allowDataSizedOps);
      const job = {
        bytes,
        options: loadOptions(),
        texts,
        chunkSize: Math.min(32, config().runChunkSize),
      };
      const { signature, rows } = await sandboxes.run(() => runSandboxed(job, config().sandbox));
      return { signature, rows };
    },

    /** Scores texts through the artifact's batcher: concurrent callers share onnxruntime runs. */
    async score(hash: string, texts: string[]): Promise<Scored> {
      const rows = await batcherFor(hash).submit(texts);
      const { signature, linear } = await this.describe(hash);
      return { rows, classLabels: signature.classLabels, linear };
    },

    /** Probabilities per text, in the artifact's class order. */
    async predictProba(
      hash: string,
      texts: string[]
    ): Promise<{ rows: number[][]; classLabels: string[] }> {
      const { rows, classLabels } = await this.score(hash, texts);
      return { rows: rows.map((r) => r.probabilities), classLabels };
    },

    /** The artifact's signature, whether it explains exactly, and what serves it (loads it if needed). */
    async describe(
      hash: string
    ): Promise<{ signature: TextClassifierSignature; linear: boolean; engine: EngineInfo }> {
      const loaded = sessions().peek(hash); // an artifact's signature never changes: no lease needed
      const info = loaded?.alive ? loaded.info : await withModel(hash, async (m) => m.info);
      return { signature: info.signature, linear: info.linear, engine: info.engine };
    },

    /** Exact per-token contributions (our linear exports only), for the predicted class of each text. */
    async explainExact(
      hash: string,
      texts: string[],
      predicted: number[]
    ): Promise<ExactExplanation[]> {
      const { runChunkSize, inference } = config();
      return withModel(hash, (model) =>
        model.explain(texts, predicted, runChunkSize, inference.deadlineMs)
      );
    },

    /** Loads sessions ahead of traffic (services/serving/prewarm.ts decides which, and when). */
    async warm(hashes: string[]): Promise<void> {
      await Promise.all(hashes.map(async (hash) => (await sessions().acquire(hash)).release()));
    },

    /** Whether the artifact is loaded now (recency untouched). */
    isLoaded: (hash: string): boolean => sessions().has(hash),

    /** Whether one more session fits the cache's bounds without evicting one. */
    hasRoom: (): boolean => sessions().hasRoom(),

    stats() {
      const batching = {
        runs: 0,
        requests: 0,
        texts: 0,
        requestsPerRun: {} as Record<string, number>,
      };
      for (const { stats } of batchers.values()) {
        batching.runs += stats.runs;
        batching.requests += stats.requests;
        batching.texts += stats.texts;
        for (const [k, n] of Object.entries(stats.requestsPerRun))
          batching.requestsPerRun[k] = (batching.requestsPerRun[k] ?? 0) + n;
      }
      return {
        ...sessions().getStats(),
        batching,
        sandboxes: sandboxes.stats,
        failedLoads: failures.size(),
        inlineArtifacts: inline.hashes(),
        // per loaded artifact: the compiled scorer or onnxruntime, and why
        engines: sessions()
          .loaded()
          .map(([hash, model]) => ({
            hash,
            engine: model.info.engine.kind,
            reason: model.info.engine.reason,
            exactExplanations: model.info.linear,
          })),
        compiledFallbacks: inline.fallbacks,
        deadlinesPassed: (pool?.deadlines ?? 0) + (processes?.deadlines ?? 0),
        rssBytes: process.memoryUsage.rss(),
      };
    },

    async destroy() {
      await cache?.clear();
      cache = null;
      batchers.clear();
      await pool?.close();
      pool = null;
      await processes?.close();
      processes = null;
      await references.close();
    },
  };
};

export type RuntimeService = ReturnType<typeof createRuntimeService>;
export default createRuntimeService;
