import type { Core } from '@strapi/strapi';
import { Batcher } from '../serving/batcher';
import type { ExactExplanation } from '../serving/exact-explain';
import { FailureMemo } from '../serving/failure-memo';
import type { TextClassifierSignature } from '../serving/onnx-text-classifier';
import { InferencePool, type RemoteModel } from '../serving/pool/inference-pool';
import { runSandboxed } from '../serving/sandbox/run-sandboxed';
import { SandboxSlots } from '../serving/sandbox/sandbox-slots';
import { HeldModels } from '../serving/held-models';
import { LocalModel } from '../serving/local-model';
import { SessionCache } from '../serving/session-cache';
import { getService } from '../utils/get-service';
import { pluginConfig } from '../utils/plugin-config';

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

/**
 * onnxruntime for this process. Uploads are validated in a sandboxed child process
 * (serving/sandbox); stored artifacts are served from worker threads (serving/pool), or on this
 * thread in short slices when their graph's cost is bounded and measured (serving/local-model), through an
 * LRU of sessions bounded by the memory they measurably hold, with concurrent requests for one
 * artifact batched into one run (serving/batcher). Loads that fail are remembered for a while.
 */
const createRuntimeService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => pluginConfig(strapi);
  const loadOptions = () => ({
    intraOpNumThreads: config().intraOpNumThreads,
    interOpNumThreads: config().interOpNumThreads,
  });
  let pool: InferencePool | null = null;
  let cache: SessionCache<ServedModel> | null = null;
  const batchers = new Map<string, Batcher<ScoredRow>>();
  const failures = new FailureMemo(() => config().failedLoadTtlMs);
  const sandboxes = new SandboxSlots(() => config().sandbox);
  const inline = new HeldModels(); // the sessions this thread serves itself (serving/local-model.ts)

  const sessions = () => {
    cache ??= new SessionCache<ServedModel>(config().sessionCache, async (hash) =>
      failures.guard(hash, async () => {
        const bytes = await getService(strapi, 'artifacts').fetch(hash);
        const { inlineSliceMs, maxTextMs } = config().inference;
        const limits = { sliceMs: inlineSliceMs, maxTextMs, maxTextLength: config().maxTextLength };
        const local =
          inlineSliceMs > 0
            ? await LocalModel.load(inline, hash, bytes, loadOptions(), limits)
            : null;
        if (local) return { value: local, bytes: local.info.memoryBytes };
        pool ??= new InferencePool(config().inference.workers);
        const remote = await pool.load(hash, bytes, loadOptions());
        return { value: remote, bytes: remote.info.memoryBytes };
      })
    );
    return cache;
  };

  async function withModel<T>(hash: string, work: (model: ServedModel) => Promise<T>): Promise<T> {
    const lease = await sessions().acquire(hash);
    try {
      if (!lease.value.alive) {
        sessions().forget(hash); // its worker thread was replaced: load afresh
        return await withModel(hash, work);
      }
      return await work(lease.value);
    } finally {
      lease.release();
    }
  }

  async function runRows(hash: string, texts: string[]): Promise<ScoredRow[]> {
    return withModel(hash, async (model) => {
      const width = model.info.signature.classLabels.length;
      const { probabilities, evidence } = await model.run(texts, config().runChunkSize);
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

    /** The artifact's signature and whether it is one of our linear exports (loads it if needed). */
    async describe(hash: string): Promise<{ signature: TextClassifierSignature; linear: boolean }> {
      const loaded = sessions().peek(hash); // an artifact's signature never changes: no lease needed
      if (loaded?.alive) return { signature: loaded.info.signature, linear: loaded.info.linear };
      return withModel(hash, async (model) => ({
        signature: model.info.signature,
        linear: model.info.linear,
      }));
    },

    /** Exact per-token contributions (our linear exports only), for the predicted class of each text. */
    async explainExact(
      hash: string,
      texts: string[],
      predicted: number[]
    ): Promise<ExactExplanation[]> {
      return withModel(hash, (model) => model.explain(texts, predicted, config().runChunkSize));
    },

    /** Loads sessions ahead of traffic (production versions at boot, a version about to serve). */
    async warm(hashes: string[]): Promise<void> {
      await Promise.all(hashes.map(async (hash) => (await sessions().acquire(hash)).release()));
    },

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
        rssBytes: process.memoryUsage.rss(),
      };
    },

    async destroy() {
      await cache?.clear();
      cache = null;
      batchers.clear();
      await pool?.close();
      pool = null;
    },
  };
};

export type RuntimeService = ReturnType<typeof createRuntimeService>;
export default createRuntimeService;
