/**
 * Entry point of a training process (run-worker.ts forks it): trains on the rows it was given,
 * exports the model to ONNX, has onnxruntime load the artifact (the same checks as an upload) and
 * score the evaluation set, in a child process unless the job says this one (export-check.ts),
 * and measures it, reporting progress. It touches no database and no Strapi: the serving process
 * froze the data before starting it and stores the result, so this process only computes — and
 * what it allocates is returned to the system when it exits, not kept by the serving process.
 */
import { exportToOnnx, trainTextClassifier } from '../ml';
import { evaluationMetrics } from './evaluation-report';
import { readExport } from './export-check';
import type { OwnerMessage, TrainJob, WorkerMessage } from './messages';

function post(message: WorkerMessage) {
  process.send?.(message);
}

async function validateAndEvaluate(job: TrainJob, bytes: Uint8Array) {
  post({ type: 'progress', stage: 'validate', phase: 'validate', fraction: 0 });
  const texts = job.evaluation?.rows.map((r) => r.text) ?? [];
  const { signature, probabilities } = await readExport(bytes, texts, job.onnx);
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
  // Exactly the artifact: protobuf may hand out a view of a larger buffer, and a small artifact
  // sits in Node's shared 8 KiB pool, whose whole buffer would then be sent (and stored).
  const own =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? bytes
      : new Uint8Array(bytes);
  const { signature, metrics } = await validateAndEvaluate(job, own);
  post({
    type: 'done',
    bytes: own.buffer as ArrayBuffer,
    labels: [...model.labels],
    summary: model.training,
    signature,
    metrics,
  });
}

process.once('message', (message: OwnerMessage) => {
  run(message.job).catch((error: unknown) => {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  });
});
// the serving process is gone: nobody waits for the result
process.on('disconnect', () => process.exit(0));
