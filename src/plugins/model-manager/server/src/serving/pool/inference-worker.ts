/**
 * Entry of an inference worker thread: holds the onnxruntime sessions of the artifacts assigned
 * to it and runs them, so a long batch or an explanation never blocks the serving event loop.
 * Only trusted artifacts (validated in the sandbox, then stored) are ever sent here.
 */
import { parentPort } from 'worker_threads';
import { ArtifactError } from '../artifact-error';
import { HeldModels } from '../held-models';
import type { WorkerReply, WorkerRequest } from './messages';

const models = new HeldModels();

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
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (reply) => {
      const transfer =
        reply.ok && reply.run
          ? [
              reply.run.probabilities.buffer,
              ...(reply.run.evidence ? [reply.run.evidence.buffer] : []),
            ]
          : [];
      parentPort?.postMessage(reply, transfer as ArrayBuffer[]);
    },
    (error: unknown) => {
      const problem = error instanceof ArtifactError ? error.problem : undefined;
      parentPort?.postMessage({
        id: request.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
        problem,
      });
    }
  );
});
