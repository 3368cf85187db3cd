import { OnnxTextClassifier, type LoadOptions } from './onnx-text-classifier';
import type { TextClassifierSignature } from './onnx-text-classifier';

/**
 * onnxruntime's answers a compiled scorer is checked against at load (held-models.ts): the
 * artifact's signature as onnxruntime reads it, and its outputs on the parity texts.
 */
export interface Reference {
  signature: TextClassifierSignature;
  /** probabilities, and our export's evidence output when it is asked for (row-major) */
  answer(
    texts: string[],
    evidenceOutput: string | null
  ): Promise<{ probabilities: Float32Array; evidence: Float32Array | null }>;
  dispose(): Promise<void>;
  /** the session itself, when it lives in this thread: it serves if the scorer may not */
  local?: OnnxTextClassifier;
}

/** An artifact as uploaded, and the graph served from it (ours: with the evidence output added, linear-graph.ts). */
export interface ArtifactGraphs {
  uploaded: Uint8Array;
  serving: Uint8Array;
}

/** Loads the reference for an artifact: here, or in another process (pool/reference-process.ts). */
export type ReferenceLoader = (
  hash: string,
  artifact: ArtifactGraphs,
  options: LoadOptions
) => Promise<Reference>;

const PARITY_CHUNK = 16;

/** A session in this thread. */
export const referenceHere: ReferenceLoader = async (_hash, { serving }, options) => {
  const classifier = await OnnxTextClassifier.load(serving, options);
  return {
    signature: classifier.signature,
    local: classifier,
    async answer(texts, evidenceOutput) {
      const asked = evidenceOutput ? [evidenceOutput] : [];
      const { probabilities, extras } = await classifier.runFlat(texts, PARITY_CHUNK, asked);
      return { probabilities, evidence: evidenceOutput ? extras[evidenceOutput] : null };
    },
    dispose: () => classifier.dispose(),
  };
};
