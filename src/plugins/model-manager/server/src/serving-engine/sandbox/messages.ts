import type { ArtifactProblem } from '../artifact-error';
import type { LoadOptions, TextClassifierSignature } from '../onnx-text-classifier';

/** What the serving process asks of a sandbox child: load, smoke-test and score one upload. */
export interface SandboxJob {
  bytes: Uint8Array;
  options: LoadOptions;
  /** evaluation texts to score with the loaded model (may be empty) */
  texts: string[];
  chunkSize: number;
}

export type SandboxReply =
  /** sent once the child has loaded onnxruntime: the wall-clock limit starts then, not at spawn */
  | { type: 'ready' }
  | { type: 'done'; signature: TextClassifierSignature; rows: number[][] }
  | { type: 'refused'; problem: ArtifactProblem; message: string };
