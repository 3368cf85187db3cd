import { answerOnce, type ReferenceAnswer } from '../serving-engine/parity-reference';
import { InferencePool } from '../serving-engine/pool/inference-pool';
import type { TrainJob } from './messages';

/**
 * onnxruntime's reading of a freshly exported artifact, in one call: loaded with an upload's
 * checks (what they refuse is an ArtifactError), its signature, the probabilities of `texts` (run
 * `chunkSize` at a time), released. In a capped child process by default, the parity reference's
 * kind (serving-engine/pool/reference-process.ts), which exits when this training process is
 * killed (it watches its parent's channel); in this process when the job says so (compiled
 * scorers off: the serving process loads onnxruntime to serve anyway).
 */
export async function readExport(
  bytes: Uint8Array,
  texts: string[],
  onnx: TrainJob['onnx']
): Promise<ReferenceAnswer> {
  const { intraOpNumThreads, interOpNumThreads, chunkSize, processMemoryLimitMb } = onnx;
  const threads = { intraOpNumThreads, interOpNumThreads };
  if (processMemoryLimitMb === null) return answerOnce(bytes, threads, texts, null, chunkSize);
  const pool = InferencePool.ofProcesses(1, () => processMemoryLimitMb);
  // the pool's child does not hold its owner's event loop open (endpoints.ts)
  const waiting = setInterval(() => undefined, 60_000);
  try {
    return await pool.reference(bytes, threads, texts, { chunkSize });
  } finally {
    clearInterval(waiting);
    await pool.close();
  }
}
