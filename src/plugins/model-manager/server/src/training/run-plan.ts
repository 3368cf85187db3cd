/**
 * Pure rules of a training run: which of the requested parameters go to the trainer, whether a
 * frozen dataset can be trained on, and how far along the run is overall.
 */
import { parseTrainParams, type TrainParams } from '../ml';

/** A refusal the requester can act on; its message is saved on the run as is. */
export class TrainingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingError';
  }
}

/** What a run stores as `parameters`: the resolved trainer parameters plus run options. */
export interface RunParameters extends Partial<TrainParams> {
  datasets?: string[] | null;
  notes?: string | null;
}

export interface RunPlan {
  params: TrainParams;
  datasets: string[] | null;
  notes: string | null;
}

/** Splits stored run parameters into trainer parameters (validated again) and run options. */
export function planRun(parameters: unknown): RunPlan {
  const { datasets, notes, ...trainer } = (parameters ?? {}) as RunParameters;
  return { params: parseTrainParams(trainer), datasets: datasets ?? null, notes: notes ?? null };
}

/** The field a `parseTrainParams` error is about ("minDf must be ...", 'unknown train param "x"'). */
export function trainParamsErrorField(message: string): string | null {
  return (
    /^unknown train param "([^"]+)"/.exec(message)?.[1] ??
    /^(\w+) must be\b/.exec(message)?.[1] ??
    null
  );
}

/** Refuses a run that names the model's evaluation dataset among its training datasets. */
export function checkDatasets(
  datasets: readonly string[] | null | undefined,
  evaluationDataset: string | null | undefined
): void {
  if (evaluationDataset && datasets?.includes(evaluationDataset)) {
    throw new TrainingError(
      `"${evaluationDataset}" is this model's evaluation dataset: training never uses it, so results stay comparable.`
    );
  }
}

/**
 * A dataset can be trained on when it is big enough and has examples of every label of the model
 * (an artifact must answer with exactly the model's classes), and no label the model lacks.
 */
export function checkTrainingData(
  rows: ReadonlyArray<{ label: string }>,
  modelLabels: readonly string[],
  minRows: number
): void {
  if (rows.length < minRows) {
    throw new TrainingError(
      `Too few training rows: ${rows.length}; at least ${minRows} are needed (trainingMinRows).`
    );
  }
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.label, (counts.get(row.label) ?? 0) + 1);
  const present = [...counts.keys()];
  if (present.length < 2) {
    throw new TrainingError(
      `Training needs examples of at least two classes; all ${rows.length} training rows are labelled "${present[0]}".`
    );
  }
  const unknown = present.filter((label) => !modelLabels.includes(label));
  if (unknown.length) {
    throw new TrainingError(
      `The training data has labels this model does not have: ${unknown.map((l) => `"${l}"`).join(', ')}.`
    );
  }
  const missing = modelLabels.filter((label) => !counts.has(label));
  if (missing.length) {
    throw new TrainingError(
      `Training needs examples of every label of the model (${modelLabels.join(', ')}); there are none of ${missing.map((l) => `"${l}"`).join(', ')}.`
    );
  }
}

/** Where each stage of a run starts and ends on the overall 0..1 progress bar. */
export const STAGES = {
  dataset: [0, 0.05],
  train: [0.05, 0.8],
  export: [0.8, 0.88],
  validate: [0.88, 0.92],
  evaluate: [0.92, 0.97],
  store: [0.97, 1],
} as const;
export type Stage = keyof typeof STAGES;

/** Overall progress of a run `fraction` of the way through `stage`, rounded to 1e-4. */
export function overallProgress(stage: Stage, fraction = 0): number {
  const [start, end] = STAGES[stage];
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  return Math.round((start + (end - start) * f) * 1e4) / 1e4;
}
