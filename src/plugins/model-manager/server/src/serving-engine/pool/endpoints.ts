import { spawn } from 'child_process';
import { Worker } from 'worker_threads';
import { createGateWord, stopGatedWorker } from '../native-gate';
import type { OwnerMessage, WorkerMessage } from './messages';

/**
 * Where a pool member runs: a worker thread, or a child process under an address-space cap. Both
 * run inference-worker.js and speak the same messages; the pool neither knows nor cares which.
 */
export interface Endpoint {
  post(message: OwnerMessage, transfer: ArrayBuffer[]): void;
  /** Stops it for good, resolved once it is gone; what it was running is abandoned (see `kind`). */
  kill(): Promise<void>;
  /** thread: `kill` lets a native run in progress finish first (native-gate.ts); process: SIGKILL ends it at once */
  readonly kind: 'thread' | 'process';
}

export interface EndpointEvents {
  message(message: WorkerMessage): void;
  /** it stopped without being killed: a crash, or the memory cap reached */
  lost(reason: string): void;
}

export type SpawnEndpoint = (events: EndpointEvents) => Endpoint;

/**
 * A worker thread. A thread cannot be stopped inside onnxruntime (terminating it then aborts the
 * process), so `kill` stops it once the run in progress ends (native-gate.ts). Only bounded
 * graphs are sent to threads, so that run ends, and a fresh thread serves meanwhile. Native
 * memory of a thread cannot be capped.
 */
export function threadEndpoint(file: string): SpawnEndpoint {
  return (events) => {
    const gate = createGateWord();
    const worker = new Worker(file, { workerData: { gate } });
    let killed = false;
    let exited = false;
    worker.on('message', events.message);
    worker.on('error', (error) => {
      if (!killed) events.lost(`the inference worker failed: ${error.message}`);
    });
    worker.on('exit', (code) => {
      exited = true;
      if (!killed) events.lost(`the inference worker stopped (exit code ${code})`);
    });
    worker.unref();
    return {
      kind: 'thread',
      post: (message, transfer) => worker.postMessage(message, transfer),
      kill: () => {
        killed = true;
        return stopGatedWorker(worker, gate, () => exited);
      },
    };
  };
}

/**
 * A child process under `ulimit -v` (as the upload sandbox), with a minimal environment. Messages
 * posted before it has loaded onnxruntime wait for its `ready`.
 */
export function processEndpoint(file: string, memoryLimitMb: () => number): SpawnEndpoint {
  return (events) => {
    const limitMb = memoryLimitMb();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      MM_INFERENCE_KB: String(limitMb * 1024),
    };
    if (process.env.LOCPATH !== undefined) env.LOCPATH = process.env.LOCPATH;
    const child = spawn(
      '/bin/sh',
      ['-c', 'ulimit -v "$MM_INFERENCE_KB" && exec "$@"', 'mm-inference', process.execPath, file],
      { env, stdio: ['ignore', 'ignore', 'ignore', 'ipc'], serialization: 'advanced' }
    );
    let ready = false;
    let killed = false;
    const waiting: OwnerMessage[] = [];
    // `kill` resolves once it is reaped: an owner thread ending right after would leave a zombie
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.on('message', (message: WorkerMessage | { ready: true }) => {
      if ('ready' in message) {
        ready = true;
        for (const request of waiting.splice(0)) child.send(request);
      } else events.message(message);
    });
    child.on('error', (error) => {
      if (!killed) events.lost(`the inference process could not run: ${error.message}`);
    });
    child.on('exit', (code, signal) => {
      if (!killed)
        events.lost(
          `the inference process stopped (${signal ?? `exit code ${code}`}); its address space is capped at ${limitMb} MB (inference.processMemoryLimitMb)`
        );
    });
    child.unref();
    (child.channel as { unref?: () => void } | undefined)?.unref?.();
    return {
      kind: 'process',
      post: (message) => (ready ? child.send(message) : waiting.push(message)),
      kill: async () => {
        killed = true;
        if (child.pid === undefined) return; // never started: nothing to wait for
        child.ref(); // its exit, awaited, holds the event loop open until then
        child.kill('SIGKILL');
        await gone;
      },
    };
  };
}
