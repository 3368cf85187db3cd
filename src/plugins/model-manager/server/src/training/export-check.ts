import type { NativeGate } from '../serving-engine/native-gate';
import { answerOnce, type ReferenceAnswer } from '../serving-engine/parity-reference';
import { InferencePool } from '../serving-engine/pool/inference-pool';
import type { TrainJob } from './messages';

/**
 * onnxruntime's reading of a freshly exported artifact, in one call: loaded with an upload's
 * checks (what they refuse is an ArtifactError), its signature, the probabilities of `texts` (run
 * `chunkSize` at a time), released. In a capped child process by default, the parity reference's
 * kind (serving-engine/pool/reference-process.ts): a thread of the serving process that loaded
 * onnxruntime would leave its library and native heap mapped there for good. In this thread when
 * the job says so (compiled scorers off: the serving process loads onnxruntime to serve anyway).
 *
 * Either way it is a section of `gate`, so the owner stops this thread only once it is over; the
 * owner's `stop` (aborting `stopped`) kills the child, which ends it at once. Undefined when the
 * thread is being stopped.
 */
export async function readExport(
  bytes: Uint8Array,
  texts: string[],
  onnx: TrainJob['onnx'],
  gate: NativeGate,
  stopped: AbortSignal
): Promise<ReferenceAnswer | undefined> {
  const { intraOpNumThreads, interOpNumThreads, chunkSize, processMemoryLimitMb } = onnx;
  const threads = { intraOpNumThreads, interOpNumThreads };
  if (processMemoryLimitMb === null)
    return gate.run(() => answerOnce(bytes, threads, texts, null, chunkSize));
  return gate.run(async () => {
    if (stopped.aborted) return undefined;
    // one process a run, gone with it (a stopped thread would leave its child running)
    const pool = InferencePool.ofProcesses(1, () => processMemoryLimitMb);
    const kill = () => void pool.close();
    stopped.addEventListener('abort', kill, { once: true });
    // the pool's child does not hold its owner's event loop open (endpoints.ts)
    const waiting = setInterval(() => undefined, 60_000);
    try {
      return await pool.reference(bytes, threads, texts, { chunkSize });
    } finally {
      clearInterval(waiting);
      stopped.removeEventListener('abort', kill);
      await pool.close();
    }
  });
}
