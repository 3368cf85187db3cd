import { Worker } from 'worker_threads';
import { createGateWord, stopGatedWorker } from '../serving-engine/native-gate';
import type { OwnerMessage, TrainJob, TrainResult, WorkerMessage } from './messages';

export type WorkerProgress = Extract<WorkerMessage, { type: 'progress' }>;

export interface RunWorkerOptions {
  /** Compiled worker entry (training/worker.js). */
  file: string;
  job: TrainJob;
  onProgress: (progress: WorkerProgress) => void;
  /** Aborting rejects with the signal's reason and stops the thread (once onnxruntime is not running in it). */
  signal: AbortSignal;
  /** V8 heap cap of the thread: running out fails the run instead of the whole process. */
  maxMemoryMb?: number;
}

/**
 * Runs one training job in its own thread, so the event loop keeps serving while it computes.
 * Settles exactly once; the thread is stopped before the promise settles, between its onnxruntime
 * sections (native-gate.ts: stopping it inside one would abort the process; a section waiting
 * for its child process ends when told to stop, export-check.ts).
 */
export function runTrainingWorker({
  file,
  job,
  onProgress,
  signal,
  maxMemoryMb,
}: RunWorkerOptions): Promise<TrainResult> {
  return new Promise<TrainResult>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const gate = createGateWord();
    const worker = new Worker(file, {
      workerData: { job, gate },
      resourceLimits: maxMemoryMb ? { maxOldGenerationSizeMb: maxMemoryMb } : undefined,
    });
    let settled = false;
    let exited = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      // a child process it waits for is killed first (export-check.ts): the thread stops then
      if (!exited) worker.postMessage({ type: 'stop' } satisfies OwnerMessage);
      stopGatedWorker(worker, gate, () => exited).then(outcome, outcome);
    };
    const onAbort = () => settle(() => reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress(message);
      else if (message.type === 'done') {
        const { labels, summary, signature, metrics } = message;
        const result = {
          bytes: new Uint8Array(message.bytes),
          labels,
          summary,
          signature,
          metrics,
        };
        settle(() => resolve(result));
      } else if (message.type === 'failed') settle(() => reject(new Error(message.message)));
    });
    worker.on('error', (error) =>
      settle(() => reject(new Error(`the training worker crashed: ${error.message}`)))
    );
    worker.on('exit', (code) => {
      exited = true;
      settle(() =>
        reject(new Error(`the training worker stopped before finishing (exit code ${code})`))
      );
    });
  });
}
