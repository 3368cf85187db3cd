import type { ArtifactProblem } from '../artifact-error';
import type { ExactExplanation } from '../exact-explain';
import type { LoadOptions, TextClassifierSignature } from '../onnx-text-classifier';
import type { ReferenceAnswer } from '../parity-reference';

/**
 * Between the serving process and an inference worker thread; `id` pairs a reply with its request.
 * A worker may also ask for the bytes of an artifact it holds (`ArtifactWanted`: a compiled model
 * that needs onnxruntime again), answered by an `ArtifactAnswer` with the same `fetch` number.
 */
export type WorkerRequest =
  | { op: 'load'; id: number; hash: string; bytes: Uint8Array; options: LoadOptions }
  | { op: 'run'; id: number; hash: string; texts: string[]; chunkSize: number }
  | {
      op: 'explain';
      id: number;
      hash: string;
      texts: string[];
      predicted: number[];
      chunkSize: number;
    }
  | { op: 'release'; id: number; hash: string }
  | {
      /** onnxruntime's answers for a compiled scorer's parity check (parity-reference.ts), in one call */
      op: 'reference';
      id: number;
      bytes: Uint8Array;
      options: LoadOptions;
      texts: string[];
      evidenceOutput: string | null;
      /** texts per onnxruntime run (absent: the parity check's) */
      chunkSize?: number;
    };

export interface LoadedInfo {
  signature: TextClassifierSignature;
  /** growth of the process's resident memory across the load (what this session holds, roughly) */
  memoryBytes: number;
  /** exact explanations: one of our linear exports (with a known-token count per text), or a compiled linear graph */
  linear: boolean;
  /** what answers its runs, and why */
  engine: EngineInfo;
}

export interface EngineInfo {
  /** `compiled`: the scorer compiled from the graph's weights (scorer/); else onnxruntime */
  kind: 'compiled' | 'onnxruntime';
  /** why, in words (what the compiler refused, or how closely the scorer agreed) */
  reason: string;
  /** the load-time check against onnxruntime, when one ran: texts compared, largest difference */
  parity?: { texts: number; maxDiff: number };
}

export interface RunResult {
  /** N x C, row-major */
  probabilities: Float32Array;
  /** known n-grams per text (linear exports only) */
  evidence: Float32Array | null;
}

export type WorkerReply =
  | {
      id: number;
      ok: true;
      loaded?: LoadedInfo;
      run?: RunResult;
      explained?: ExactExplanation[];
      answered?: ReferenceAnswer;
    }
  | { id: number; ok: false; message: string; problem?: ArtifactProblem };

/** From a worker: the bytes of an artifact it holds, fetched again by the serving process. */
export interface ArtifactWanted {
  fetch: number;
  hash: string;
}

/** To a worker: the bytes it asked for, or why not. */
export interface ArtifactAnswer {
  op: 'artifact';
  fetch: number;
  bytes: Uint8Array | null;
  message?: string;
}

export type WorkerMessage = WorkerReply | ArtifactWanted;
export type OwnerMessage = WorkerRequest | ArtifactAnswer;
