/**
 * Entry point of a training worker thread: trains on the rows it was given and exports the
 * model to ONNX, reporting progress. It touches no database and no Strapi: the main thread froze
 * the dataset before starting it and stores the result, so this thread only computes.
 */
import { parentPort, workerData } from 'worker_threads';
import { exportToOnnx, trainTextClassifier } from '../ml';
import type { TrainJob, WorkerMessage } from './messages';

function post(message: WorkerMessage, transfer: ArrayBuffer[] = []) {
  parentPort?.postMessage(message, transfer);
}

function run(job: TrainJob) {
  const model = trainTextClassifier(job.rows, job.params, (p) =>
    post({ type: 'progress', stage: 'train', phase: p.phase, fraction: p.progress, iteration: p.iteration, loss: p.loss })
  );
  post({ type: 'progress', stage: 'export', phase: 'export', fraction: 0 });
  const bytes = exportToOnnx(model, { metadata: job.metadata });
  // Transfer a buffer holding exactly the artifact (protobuf may hand out a view of a larger one).
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
  const buffer = own.buffer as ArrayBuffer;
  post({ type: 'done', bytes: buffer, labels: [...model.labels], summary: model.training }, [buffer]);
}

try {
  run(workerData as TrainJob);
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
