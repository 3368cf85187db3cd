import { fork } from 'child_process';
import type { OwnerMessage, TrainJob, TrainResult, WorkerMessage } from './messages';

export type WorkerProgress = Extract<WorkerMessage, { type: 'progress' }>;

export interface RunWorkerOptions {
  /** Compiled worker entry (training/worker.js). */
  file: string;
  job: TrainJob;
  onProgress: (progress: WorkerProgress) => void;
  /** Aborting rejects with the signal's reason once the process is killed. */
  signal: AbortSignal;
  /** V8 heap cap of the process: running out fails the run instead of the serving process. */
  maxMemoryMb?: number;
}

/**
 * Runs one training job in a child process, so the event loop keeps serving while it computes and
 * what the run allocated goes with the process: a worker thread's freed native memory (its typed
 * arrays, its isolate) stayed in the serving process's C allocator, about 80 MiB after the demo's
 * first run. Settles exactly once, after the process is gone. It is killed outright: unlike a
 * thread (native-gate.ts), a process may die inside onnxruntime, and its own onnxruntime child
 * exits when it loses its parent (export-check.ts).
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
    // its own flags only: the server's (an --inspect port) would clash
    const child = fork(file, [], {
      execArgv: maxMemoryMb ? [`--max-old-space-size=${maxMemoryMb}`] : [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    let exited = false;
    const gone = new Promise<void>((done) => child.once('exit', () => done()));
    const stop = async () => {
      if (exited) return;
      child.kill('SIGKILL');
      await gone;
    };
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      stop().then(outcome, outcome);
    };
    const onAbort = () => settle(() => reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });

    child.on('message', (message: WorkerMessage) => {
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
    child.on('error', (error) =>
      settle(() => reject(new Error(`the training process failed: ${error.message}`)))
    );
    child.on('exit', (code, exitSignal) => {
      exited = true;
      settle(() =>
        reject(
          new Error(
            `the training process stopped before finishing (${exitSignal ?? `exit code ${code}`})${maxMemoryMb ? `; its V8 heap is capped at ${maxMemoryMb} MB (trainingWorkerMemoryMb)` : ''}`
          )
        )
      );
    });
    child.send({ type: 'job', job } satisfies OwnerMessage);
  });
}
