import type { LabelledText, TrainingSummary, TrainParams } from '../ml';

/** What the main thread hands a training worker (as `workerData`). */
export interface TrainJob {
  rows: LabelledText[];
  params: TrainParams;
  /** Extra ONNX metadata_props written into the artifact. */
  metadata: Record<string, string>;
}

/** Stages of a training worker: the trainer's own phases, then the ONNX export. */
export type WorkerStage = 'train' | 'export';

export type WorkerMessage =
  | { type: 'progress'; stage: WorkerStage; phase: string; fraction: number; iteration?: number; loss?: number }
  /** `bytes` is transferred, not copied. */
  | { type: 'done'; bytes: ArrayBuffer; labels: string[]; summary: TrainingSummary }
  | { type: 'failed'; message: string };

export interface TrainResult {
  bytes: Uint8Array;
  labels: string[];
  summary: TrainingSummary;
}
