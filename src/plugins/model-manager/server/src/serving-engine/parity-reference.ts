import { OnnxTextClassifier, type LoadOptions } from './onnx-text-classifier';
import type { TextClassifierSignature } from './onnx-text-classifier';

/**
 * onnxruntime's answers a compiled scorer is checked against at load (held-models.ts): the
 * artifact's signature as onnxruntime reads it, and its outputs on the parity texts.
 */
export interface ReferenceAnswer {
  signature: TextClassifierSignature;
  /** row-major, one row per text */
  probabilities: Float32Array;
  /** our export's evidence output, when it was asked for */
  evidence: Float32Array | null;
}

export interface Reference extends ReferenceAnswer {
  /** the session itself, when it ran in this thread: it serves if the scorer may not */
  local?: OnnxTextClassifier;
}

/**
 * onnxruntime's answers for the serving graph `serving` on `texts`: here, or in another process
 * (pool/reference-process.ts), in one call. `chunkSize`: texts per run (default the parity
 * check's; a training run's evaluation passes the runtime's, training/export-check.ts).
 */
export type ReferenceLoader = (
  serving: Uint8Array,
  options: LoadOptions,
  texts: string[],
  evidenceOutput: string | null,
  chunkSize?: number
) => Promise<Reference>;

const PARITY_CHUNK = 16;

/** A session in this thread, kept as `local` (the caller disposes it, or serves from it). */
export const referenceHere: ReferenceLoader = async (
  serving,
  options,
  texts,
  evidenceOutput,
  chunkSize = PARITY_CHUNK
) => {
  const classifier = await OnnxTextClassifier.load(serving, options);
  try {
    const asked = evidenceOutput ? [evidenceOutput] : [];
    const { probabilities, extras } = await classifier.runFlat(texts, chunkSize, asked);
    const evidence = evidenceOutput ? extras[evidenceOutput] : null;
    return { signature: classifier.signature, probabilities, evidence, local: classifier };
  } catch (error) {
    await classifier.dispose();
    throw error;
  }
};

/** The answers alone, the session released (an inference worker answering for another process). */
export async function answerOnce(...args: Parameters<ReferenceLoader>): Promise<ReferenceAnswer> {
  const { local, ...answer } = await referenceHere(...args);
  await local?.dispose();
  return answer;
}
