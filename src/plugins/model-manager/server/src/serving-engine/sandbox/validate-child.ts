/**
 * Entry of a sandbox child process (see run-sandboxed.ts): loads one uploaded artifact in
 * onnxruntime, smoke-tests it and scores the evaluation texts, then answers and exits. It runs
 * under a wall-clock timeout and an address-space cap, so a hostile graph (a huge Loop, a
 * gigantic allocation) costs this process, never the server.
 */
import { ArtifactError } from '../artifact-error';
import { OnnxTextClassifier, ALLOCATION_FAILURE } from '../onnx-text-classifier';
import type { SandboxJob, SandboxReply } from './messages';

function reply(message: SandboxReply): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

async function run(job: SandboxJob): Promise<SandboxReply> {
  try {
    const classifier = await OnnxTextClassifier.load(new Uint8Array(job.bytes), job.options);
    const rows = job.texts.length ? await classifier.predictProba(job.texts, job.chunkSize) : [];
    if (rows.some((row) => row.some((p) => !Number.isFinite(p)))) {
      return {
        type: 'refused',
        problem: 'non_finite_output',
        message:
          'The model answered some evaluation texts with non-finite probabilities (NaN or infinity).',
      };
    }
    return { type: 'done', signature: classifier.signature, rows };
  } catch (error) {
    if (error instanceof ArtifactError)
      return { type: 'refused', problem: error.problem, message: error.message };
    const message = error instanceof Error ? error.message : String(error);
    if (ALLOCATION_FAILURE.test(message))
      return {
        type: 'refused',
        problem: 'memory_limit',
        message: `The model ran out of the memory it is allowed: ${message.slice(0, 300)}`,
      };
    return {
      type: 'refused',
      problem: 'unloadable',
      message: `The model failed in onnxruntime: ${message.slice(0, 300)}`,
    };
  }
}

process.send?.({ type: 'ready' } satisfies SandboxReply);
process.once('message', (job: SandboxJob) => {
  void run(job)
    .then(reply)
    .finally(() => process.exit(0));
});
