import type { ReferenceLoader } from '../parity-reference';
import type { InferencePool } from './inference-pool';

/**
 * The parity check's onnxruntime in a child process (the pool's capped process endpoint) that exits
 * once no load has needed it for `idleMs`. Loading onnxruntime maps its library and grows the
 * native heap by tens of MiB that the allocator never hands back, even after every session is
 * released: checked here, a serving process whose models all compile never holds either.
 */
export class ReferenceProcess {
  private pool: InferencePool | null = null;
  private inUse = 0;
  private idle: NodeJS.Timeout | null = null;

  /** `spawn`: a pool of one process (InferencePool.ofProcesses), made again after each idle close. */
  constructor(
    private readonly spawn: () => InferencePool,
    private readonly deadlineMs: () => number,
    private readonly idleMs: number
  ) {}

  /** Whether the child process is up (for reports and tests). */
  get running(): boolean {
    return this.pool !== null;
  }

  /** One round trip: the child loads the serving graph, answers the texts and releases it. */
  readonly load: ReferenceLoader = async (serving, options, texts, evidenceOutput, chunkSize) => {
    this.inUse += 1;
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    try {
      const pool = (this.pool ??= this.spawn());
      const threads = {
        intraOpNumThreads: options.intraOpNumThreads,
        interOpNumThreads: options.interOpNumThreads,
      };
      const deadlineMs = this.deadlineMs();
      return await pool.reference(serving, threads, texts, {
        evidenceOutput,
        chunkSize,
        deadlineMs,
      });
    } finally {
      this.release();
    }
  };

  private release() {
    this.inUse -= 1;
    if (this.inUse > 0) return;
    this.idle = setTimeout(() => void this.close(), this.idleMs);
    this.idle.unref();
  }

  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const pool = this.pool;
    this.pool = null;
    await pool?.close();
  }
}
