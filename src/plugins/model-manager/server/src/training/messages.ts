import type { EvaluationMetrics } from '../../../shared/contracts/compare';
import type { LabelledText, TrainingSummary, TrainParams } from '../ml';
import type { TextClassifierSignature } from '../serving-engine/onnx-text-classifier';

/** What the serving process hands a training process (its one `job` message). */
export interface TrainJob {
  rows: LabelledText[];
  params: TrainParams;
  /** Extra ONNX metadata_props written into the artifact. */
  metadata: Record<string, string>;
  /** The model's evaluation set (or a held-out split of the data), scored on the exported artifact; null: none. */
  evaluation: {
    name: string;
    rows: LabelledText[];
    kind: NonNullable<EvaluationMetrics['evaluation']>;
  } | null;
  /** onnxruntime settings for loading the artifact (as the runtime would; export-check.ts). */
  onnx: {
    intraOpNumThreads: number;
    interOpNumThreads: number;
    chunkSize: number;
    /** the address-space cap of the child process onnxruntime runs in; null: in the training process */
    processMemoryLimitMb: number | null;
  };
}

/**
 * Stages of a training process: the trainer's own phases, the ONNX export, then onnxruntime's one
 * call (`validate`: the upload checks and the evaluation set's scores) and the metrics
 * (`evaluate`) — all out of the serving process, which only stores the result.
 */
export type WorkerStage = 'train' | 'export' | 'validate' | 'evaluate';

export type WorkerMessage =
  | {
      type: 'progress';
      stage: WorkerStage;
      phase: string;
      fraction: number;
      iteration?: number;
      loss?: number;
    }
  /** `bytes`: exactly the artifact (copied through the IPC channel). */
  | {
      type: 'done';
      bytes: ArrayBuffer;
      labels: string[];
      summary: TrainingSummary;
      signature: TextClassifierSignature;
      metrics: EvaluationMetrics | null;
    }
  | { type: 'failed'; message: string };

/** To a training process: the job it runs (it is killed to stop it). */
export type OwnerMessage = { type: 'job'; job: TrainJob };

export interface TrainResult {
  bytes: Uint8Array;
  labels: string[];
  summary: TrainingSummary;
  signature: TextClassifierSignature;
  metrics: EvaluationMetrics | null;
}
