/**
 * Entry of an inference worker, a thread or a capped child process (endpoints.ts): holds the
 * onnxruntime sessions of the artifacts assigned to it and runs them, so a long batch or an
 * explanation never blocks the serving event loop. Only trusted artifacts (validated in the
 * sandbox, then stored) are ever sent here.
 */
import { parentPort, workerData } from 'worker_threads';
import { ArtifactError } from '../artifact-error';
import { ALLOCATION_FAILURE } from '../onnx-text-classifier';
import { HeldModels } from '../held-models';
import { NativeGate } from '../native-gate';
import { answerOnce } from '../parity-reference';
import type {
  ArtifactAnswer,
  OwnerMessage,
  WorkerMessage,
  WorkerReply,
  WorkerRequest,
} from './messages';

/** Artifacts asked of the serving process (a compiled model that needs onnxruntime again), by number. */
const fetches = new Map<number, (answer: ArtifactAnswer) => void>();
let nextFetch = 1;
const models = new HeldModels({
  source: (hash) =>
    new Promise((resolve, reject) => {
      const fetch = nextFetch++;
      fetches.set(fetch, ({ bytes, message }) =>
        bytes ? resolve(bytes) : reject(new Error(message ?? 'the artifact was not fetched'))
      );
      send({ fetch, hash });
    }),
});
/** A thread is stopped only between requests (native-gate.ts); a child process is SIGKILLed. */
const gate = parentPort ? new NativeGate((workerData as { gate: SharedArrayBuffer }).gate) : null;

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  switch (request.op) {
    case 'load':
      return {
        id: request.id,
        ok: true,
        loaded: await models.load(request.hash, request.bytes, request.options),
      };
    case 'run':
      return {
        id: request.id,
        ok: true,
        run: await models.run(request.hash, request.texts, request.chunkSize),
      };
    case 'explain':
      return {
        id: request.id,
        ok: true,
        explained: await models.explain(
          request.hash,
          request.texts,
          request.predicted,
          request.chunkSize
        ),
      };
    case 'release':
      await models.release(request.hash);
      return { id: request.id, ok: true };
    case 'reference': {
      const { bytes, options, texts, evidenceOutput, chunkSize } = request;
      return {
        id: request.id,
        ok: true,
        answered: await answerOnce(bytes, options, texts, evidenceOutput, chunkSize),
      };
    }
  }
}

/** To the serving process: the thread's port (buffers transferred), or the child's IPC channel. */
const send = (reply: WorkerMessage, transfer: ArrayBuffer[] = []) => {
  if (parentPort) parentPort.postMessage(reply, transfer);
  else process.send?.(reply);
};

function onRequest(request: WorkerRequest) {
  (gate ? gate.run(() => handle(request)) : handle(request)).then(
    (reply) => {
      if (!reply) return; // the owner is stopping this thread and no longer waits for it
      const rows = reply.ok ? (reply.run ?? reply.answered) : undefined;
      const transfer = rows
        ? [rows.probabilities.buffer, ...(rows.evidence ? [rows.evidence.buffer] : [])]
        : [];
      send(reply, transfer as ArrayBuffer[]);
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      const problem =
        error instanceof ArtifactError
          ? error.problem
          : ALLOCATION_FAILURE.test(message)
            ? 'memory_limit'
            : undefined;
      send({ id: request.id, ok: false, message, problem });
    }
  );
}

function onMessage(message: OwnerMessage) {
  if (message.op !== 'artifact') return onRequest(message);
  const settle = fetches.get(message.fetch);
  fetches.delete(message.fetch);
  settle?.(message);
}

if (parentPort) parentPort.on('message', onMessage);
else {
  process.on('message', onMessage);
  process.send?.({ ready: true });
  process.on('disconnect', () => process.exit(0)); // the serving process is gone
}
