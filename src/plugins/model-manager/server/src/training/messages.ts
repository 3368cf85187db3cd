import type { EvaluationMetrics } from '../../../shared/contracts/compare';
import type { LabelledText, TrainingSummary, TrainParams } from '../ml';
import type { TextClassifierSignature } from '../serving-engine/onnx-text-classifier';

/** What the main thread hands a training worker (as `workerData`). */
export interface TrainJob {
  rows: LabelledText[];
  params: TrainParams;
  /** Extra ONNX metadata_props written into the artifact. */
  metadata: Record<string, string>;
  /** The model's evaluation set (or a held-out split of the data), scored in the worker on the exported artifact; null: none. */
  evaluation: {
    name: string;
    rows: LabelledText[];
    kind: NonNullable<EvaluationMetrics['evaluation']>;
  } | null;
  /** onnxruntime settings for loading the artifact in the worker (as the runtime would). */
  onnx: { intraOpNumThreads: number; interOpNumThreads: number; chunkSize: number };
}

/**
 * Stages of a training worker: the trainer's own phases, the ONNX export, then loading the
 * artifact in onnxruntime (the upload checks) and scoring the evaluation set — all off the main
 * thread, which only stores the result.
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
  /** `bytes` is transferred, not copied. */
  | {
      type: 'done';
      bytes: ArrayBuffer;
      labels: string[];
      summary: TrainingSummary;
      signature: TextClassifierSignature;
      metrics: EvaluationMetrics | null;
    }
  | { type: 'failed'; message: string };

export interface TrainResult {
  bytes: Uint8Array;
  labels: string[];
  summary: TrainingSummary;
  signature: TextClassifierSignature;
  metrics: EvaluationMetrics | null;
}
