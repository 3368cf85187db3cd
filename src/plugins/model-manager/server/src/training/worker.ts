/**
 * Entry point of a training worker thread: trains on the rows it was given, exports the model to
 * ONNX, has onnxruntime load the artifact (the same checks as an upload) and score the evaluation
 * set, in a child process unless the job says this thread (export-check.ts), and measures it,
 * reporting progress. It touches no database and no Strapi: the main thread froze the data
 * before starting it and stores the result, so this thread only computes — and the event loop
 * that serves predictions never runs any of it.
 */
import { parentPort, workerData } from 'worker_threads';
import { exportToOnnx, trainTextClassifier } from '../ml';
import { NativeGate } from '../serving-engine/native-gate';
import { evaluationMetrics } from './evaluation-report';
import { readExport } from './export-check';
import type { OwnerMessage, TrainJob, WorkerMessage } from './messages';

function post(message: WorkerMessage, transfer: ArrayBuffer[] = []) {
  parentPort?.postMessage(message, transfer);
}

async function validateAndEvaluate(job: TrainJob, bytes: Uint8Array) {
  post({ type: 'progress', stage: 'validate', phase: 'validate', fraction: 0 });
  const texts = job.evaluation?.rows.map((r) => r.text) ?? [];
  const answer = await readExport(bytes, texts, job.onnx, gate, stopping.signal);
  if (!answer) return undefined; // stopped meanwhile
  const { signature, probabilities } = answer;
  if (!job.evaluation) return { signature, metrics: null };
  post({ type: 'progress', stage: 'evaluate', phase: 'evaluate', fraction: 0 });
  const { name, rows, kind } = job.evaluation;
  const width = signature.classLabels.length;
  const proba = rows.map((_, i) => Array.from(probabilities.subarray(i * width, (i + 1) * width)));
  const labels = rows.map((r) => r.label);
  return {
    signature,
    metrics: evaluationMetrics(name, labels, proba, signature.classLabels, kind),
  };
}

async function run(job: TrainJob) {
  const model = trainTextClassifier(job.rows, job.params, (p) =>
    post({
      type: 'progress',
      stage: 'train',
      phase: p.phase,
      fraction: p.progress,
      iteration: p.iteration,
      loss: p.loss,
    })
  );
  post({ type: 'progress', stage: 'export', phase: 'export', fraction: 0 });
  const bytes = exportToOnnx(model, { metadata: job.metadata });
  // Transfer a buffer holding exactly the artifact (protobuf may hand out a view of a larger one).
  // A copy through Uint8Array: Buffer#slice is a view, and a small artifact sits in Node's shared
  // 8 KiB pool, whose whole buffer would then be transferred (and stored) as the artifact.
  const own =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? bytes
      : new Uint8Array(bytes);
  // the owner may stop this thread at any time but while onnxruntime runs in it (export-check.ts)
  const checked = await validateAndEvaluate(job, own);
  if (!checked) return; // stopped meanwhile: nobody waits for the result
  const { signature, metrics } = checked;
  const buffer = own.buffer as ArrayBuffer;
  post(
    {
      type: 'done',
      bytes: buffer,
      labels: [...model.labels],
      summary: model.training,
      signature,
      metrics,
    },
    [buffer]
  );
}

const { job, gate: word } = workerData as { job: TrainJob; gate: SharedArrayBuffer };
const gate = new NativeGate(word);
/** The owner's `stop`, before it stops this thread: ends a child process working for it. */
const stopping = new AbortController();
parentPort?.on('message', (message: OwnerMessage) => {
  if (message.type === 'stop') stopping.abort();
});

run(job).catch((error: unknown) => {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
});
