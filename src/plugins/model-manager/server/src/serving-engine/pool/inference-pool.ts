import path from 'path';
import { ArtifactError } from '../artifact-error';
import { DeadlineError, WorkerReplacedError } from '../inference-errors';
import type { ExactExplanation } from '../exact-explain';
import { noSource, type ArtifactSource } from '../held-models';
import type { LoadOptions } from '../onnx-text-classifier';
import type { ReferenceAnswer } from '../parity-reference';
import { processEndpoint, threadEndpoint, type Endpoint, type SpawnEndpoint } from './endpoints';
import type { ArtifactWanted, LoadedInfo, RunResult, WorkerReply, WorkerRequest } from './messages';

/** The compiled worker entry sits beside this file: dist/.../serving-engine/pool/inference-worker.js. */
const WORKER_FILE = path.join(__dirname, 'inference-worker.js');

type Pending = {
  resolve: (reply: Extract<WorkerReply, { ok: true }>) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
};
/** What a `reference` call may add: our export's evidence output, texts per run, a deadline. */
export interface ReferenceCall {
  evidenceOutput?: string | null;
  chunkSize?: number;
  deadlineMs?: number;
}
type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;

class PoolWorker {
  /** spawned on first use, and again after a replacement: a member that cannot start never spins */
  private endpoint: Endpoint | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** artifacts held by this thread, with their measured memory */
  readonly models = new Map<string, number>();
  /** bumped when the thread is replaced: models loaded on an older generation are gone */
  generation = 0;
  /** how many times it was replaced for a deadline */
  deadlines = 0;

  constructor(
    private readonly spawnEndpoint: SpawnEndpoint,
    private readonly source: ArtifactSource
  ) {}

  private live(): Endpoint {
    return (this.endpoint ??= this.spawn());
  }

  private spawn(): Endpoint {
    const generation = this.generation;
    const endpoint: Endpoint = this.spawnEndpoint({
      message: (reply) => {
        if ('fetch' in reply) return this.answer(endpoint, generation, reply);
        if (generation !== this.generation) return; // a reply from a replaced endpoint
        const pending = this.settle(reply.id);
        if (!pending) return;
        if (reply.ok) pending.resolve(reply);
        else
          pending.reject(
            reply.problem
              ? new ArtifactError(reply.problem, reply.message)
              : new Error(reply.message)
          );
      },
      lost: (reason) => {
        if (generation === this.generation) this.replace(reason);
      },
    });
    return endpoint;
  }

  /**
   * The bytes of an artifact the worker holds, fetched again from the source its load came from.
   * Refused at once for one it does not hold, and by a replaced or closing member: a thread being
   * stopped waits for its run to end, so that run must not wait for bytes.
   */
  private answer(endpoint: Endpoint, generation: number, { fetch, hash }: ArtifactWanted) {
    const reply = (bytes: Uint8Array | null, message?: string) =>
      endpoint.post(
        { op: 'artifact', fetch, bytes, message },
        bytes ? [bytes.buffer as ArrayBuffer] : []
      );
    if (generation !== this.generation || this.closed || !this.models.has(hash))
      return reply(null, `artifact ${hash.slice(0, 12)} is not held by this inference worker`);
    this.source(hash).then(
      (bytes) => reply(new Uint8Array(bytes)), // a copy, transferred
      (error: unknown) => reply(null, error instanceof Error ? error.message : String(error))
    );
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    if (!pending) return undefined;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    return pending;
  }

  /** Drops the endpoint and what it held; every call still pending fails with `reason`. */
  private replace(reason: string) {
    if (this.closed) return;
    const lost = [...this.pending.values()];
    this.pending.clear();
    this.models.clear();
    this.generation += 1;
    void this.endpoint?.kill(); // the replacement serves meanwhile
    this.endpoint = null;
    for (const { reject, timer } of lost) {
      clearTimeout(timer);
      reject(new WorkerReplacedError(reason));
    }
  }

  closed = false;

  get load(): number {
    let bytes = 0;
    for (const b of this.models.values()) bytes += b;
    return bytes;
  }

  /** `deadlineMs`: past it the call fails with DeadlineError and this thread or process is replaced. */
  call(
    request: Distribute<WorkerRequest>,
    transfer: ArrayBuffer[] = [],
    deadlineMs?: number
  ): Promise<Extract<WorkerReply, { ok: true }>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const pending: Pending = { resolve, reject };
      if (deadlineMs !== undefined)
        pending.timer = setTimeout(() => {
          if (!this.settle(id)) return;
          this.deadlines += 1;
          reject(new DeadlineError(deadlineMs));
          this.replace(
            `the inference ${this.endpoint?.kind ?? 'worker'} was replaced: a run passed its deadline`
          );
        }, deadlineMs);
      this.pending.set(id, pending);
      this.live().post({ ...request, id } as WorkerRequest, transfer);
    });
  }

  async close() {
    this.closed = true;
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(new Error('the inference pool is closing'));
    }
    this.pending.clear();
    await this.endpoint?.kill();
  }
}

/** A session held by one worker thread. */
export class RemoteModel {
  constructor(
    private readonly owner: PoolWorker,
    private readonly generation: number,
    readonly hash: string,
    readonly info: LoadedInfo
  ) {}

  private check() {
    if (this.owner.generation !== this.generation)
      throw new Error(`the session of ${this.hash.slice(0, 12)} was lost with its worker thread`);
  }

  get alive(): boolean {
    return this.owner.generation === this.generation && !this.owner.closed;
  }

  async run(texts: string[], chunkSize: number, deadlineMs?: number): Promise<RunResult> {
    this.check();
    return (await this.owner.call({ op: 'run', hash: this.hash, texts, chunkSize }, [], deadlineMs))
      .run!;
  }

  async explain(
    texts: string[],
    predicted: number[],
    chunkSize: number,
    deadlineMs?: number
  ): Promise<ExactExplanation[]> {
    this.check();
    const request = { op: 'explain', hash: this.hash, texts, predicted, chunkSize } as const;
    return (await this.owner.call(request, [], deadlineMs)).explained!;
  }

  async dispose(): Promise<void> {
    if (!this.alive) return;
    this.owner.models.delete(this.hash);
    await this.owner.call({ op: 'release', hash: this.hash });
  }
}

/**
 * Worker threads, or capped child processes, that hold onnxruntime sessions. Each artifact is
 * loaded into one member (the one holding the least memory), so a session exists once per process
 * and models spread over members. A member that dies or passes a deadline is replaced; its
 * sessions fail their callers and are reloaded on next use.
 */
export class InferencePool {
  private readonly workers: PoolWorker[];

  /** `source`: where a member's compiled model fetches its artifact again (held-models.ts). */
  constructor(
    size: number,
    source: ArtifactSource = noSource,
    spawn: SpawnEndpoint = threadEndpoint(WORKER_FILE)
  ) {
    this.workers = Array.from({ length: size }, () => new PoolWorker(spawn, source));
  }

  /** Child processes under an address-space cap, for graphs whose cost the data can size. */
  static ofProcesses(
    size: number,
    memoryLimitMb: () => number,
    source: ArtifactSource = noSource
  ): InferencePool {
    return new InferencePool(size, source, processEndpoint(WORKER_FILE, memoryLimitMb));
  }

  /** Members replaced because a run passed its deadline. */
  get deadlines(): number {
    return this.workers.reduce((n, w) => n + w.deadlines, 0);
  }

  async load(hash: string, bytes: Uint8Array, options: LoadOptions): Promise<RemoteModel> {
    const worker = this.workers.reduce((best, w) => (w.load < best.load ? w : best));
    const generation = worker.generation;
    const copy = new Uint8Array(bytes); // transferred: the caller keeps its own bytes
    const reply = await worker.call({ op: 'load', hash, bytes: copy, options }, [
      copy.buffer as ArrayBuffer,
    ]);
    const info = reply.loaded!;
    worker.models.set(hash, info.memoryBytes);
    return new RemoteModel(worker, generation, hash, info);
  }

  /** onnxruntime's answers on `texts` for a serving graph, loaded and released in one call. */
  async reference(
    bytes: Uint8Array,
    options: LoadOptions,
    texts: string[],
    { evidenceOutput = null, chunkSize, deadlineMs }: ReferenceCall = {}
  ): Promise<ReferenceAnswer> {
    const worker = this.workers.reduce((best, w) => (w.load < best.load ? w : best));
    const copy = new Uint8Array(bytes); // transferred: the caller keeps its own bytes
    const request = {
      op: 'reference',
      bytes: copy,
      options,
      texts,
      evidenceOutput,
      chunkSize,
    } as const;
    return (await worker.call(request, [copy.buffer as ArrayBuffer], deadlineMs)).answered!;
  }

  async close() {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
