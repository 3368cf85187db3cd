import { once } from 'events';
import type { Worker } from 'worker_threads';

/**
 * Stopping a worker thread while onnxruntime runs in it aborts the whole process: the binding
 * throws a C++ `Napi::Error` into the dying environment (`terminate called after throwing an
 * instance of 'Napi::Error'`). So a thread that uses onnxruntime is stopped only between native
 * sections, through one word both sides share: the sections in progress, times two, plus a stop
 * bit. The owner sets the bit; if nothing is in progress it terminates the thread at once (no
 * section can start once the bit is set), else the thread exits on its own when its last section
 * ends. Both sides change the word atomically, so no section ever starts after the check.
 */
const STOP = 1;
const SECTION = 2;

export function createGateWord(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}

/** In the thread: `run` wraps every piece of work that may call onnxruntime. */
export class NativeGate {
  private readonly word: Int32Array;

  constructor(
    buffer: SharedArrayBuffer,
    /** how the thread leaves once stopped (a thread's own `process.exit` ends only the thread) */
    private readonly exit: () => void = () => process.exit(0)
  ) {
    this.word = new Int32Array(buffer);
  }

  /** The section's result, or `undefined` without running it when the owner is stopping the thread. */
  async run<T>(section: () => Promise<T>): Promise<T | undefined> {
    for (;;) {
      const seen = Atomics.load(this.word, 0);
      if (seen & STOP) return undefined;
      if (Atomics.compareExchange(this.word, 0, seen, seen + SECTION) === seen) break;
    }
    try {
      return await section();
    } finally {
      if (Atomics.sub(this.word, 0, SECTION) - SECTION === STOP) this.exit();
    }
  }
}

/** From the owner: stops `worker` once no native section runs in it; resolves when it is gone. */
export async function stopGatedWorker(
  worker: Worker,
  buffer: SharedArrayBuffer,
  exited: () => boolean
): Promise<void> {
  if (exited()) return;
  const gone = once(worker, 'exit').then(() => undefined);
  const before = Atomics.or(new Int32Array(buffer), 0, STOP);
  if (before < SECTION) await worker.terminate();
  else await gone;
}
