import path from 'path';
import { Worker } from 'worker_threads';
import { ArtifactError } from '../artifact-error';
import type { ExactExplanation } from '../exact-explain';
import type { LoadOptions } from '../onnx-text-classifier';
import type { LoadedInfo, RunResult, WorkerReply, WorkerRequest } from './messages';

/** The compiled worker entry sits beside this file: dist/.../serving/pool/inference-worker.js. */
const WORKER_FILE = path.join(__dirname, 'inference-worker.js');

type Pending = {
  resolve: (reply: Extract<WorkerReply, { ok: true }>) => void;
  reject: (error: Error) => void;
};
type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;

class PoolWorker {
  private worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** artifacts held by this thread, with their measured memory */
  readonly models = new Map<string, number>();
  /** bumped when the thread is replaced: models loaded on an older generation are gone */
  generation = 0;

  constructor(private readonly file: string) {
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const worker = new Worker(this.file);
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply);
      else
        pending.reject(
          reply.problem ? new ArtifactError(reply.problem, reply.message) : new Error(reply.message)
        );
    });
    worker.on('error', (error) => this.lost(`the inference worker failed: ${error.message}`));
    worker.on('exit', (code) => this.lost(`the inference worker stopped (exit code ${code})`));
    worker.unref();
    return worker;
  }

  private lost(reason: string) {
    if (this.closed) return;
    for (const { reject } of this.pending.values()) reject(new Error(reason));
    this.pending.clear();
    this.models.clear();
    this.generation += 1;
    this.worker.removeAllListeners();
    this.worker = this.spawn();
  }

  closed = false;

  get load(): number {
    let bytes = 0;
    for (const b of this.models.values()) bytes += b;
    return bytes;
  }

  call(
    request: Distribute<WorkerRequest>,
    transfer: ArrayBuffer[] = []
  ): Promise<Extract<WorkerReply, { ok: true }>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id }, transfer);
    });
  }

  async close() {
    this.closed = true;
    for (const { reject } of this.pending.values())
      reject(new Error('the inference pool is closing'));
    this.pending.clear();
    await this.worker.terminate();
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

  async run(texts: string[], chunkSize: number): Promise<RunResult> {
    this.check();
    return (await this.owner.call({ op: 'run', hash: this.hash, texts, chunkSize })).run!;
  }

  async explain(
    texts: string[],
    predicted: number[],
    chunkSize: number
  ): Promise<ExactExplanation[]> {
    this.check();
    return (await this.owner.call({ op: 'explain', hash: this.hash, texts, predicted, chunkSize }))
      .explained!;
  }

  async dispose(): Promise<void> {
    if (!this.alive) return;
    this.owner.models.delete(this.hash);
    await this.owner.call({ op: 'release', hash: this.hash });
  }
}

/**
 * Worker threads that hold onnxruntime sessions. Each artifact is loaded into one thread (the one
 * holding the least memory), so a session exists once per process and models spread over threads.
 * A thread that dies is replaced; its sessions fail their callers and are reloaded on next use.
 */
export class InferencePool {
  private readonly workers: PoolWorker[];

  constructor(size: number, file = WORKER_FILE) {
    this.workers = Array.from({ length: size }, () => new PoolWorker(file));
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

  async close() {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
