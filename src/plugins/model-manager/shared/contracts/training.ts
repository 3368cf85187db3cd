import { z } from 'zod';
import type { TrainingRunStatus } from '../constants';

/** Body of `POST /models/:slug/training-runs`: trainer parameters, all optional (server defaults). */
export const createTrainingRunBody = z
  .object({
    data: z
      .object({
        algorithm: z.enum(['logistic-regression', 'naive-bayes']).optional(),
        ngramRange: z.tuple([z.number().int().min(1).max(3), z.number().int().min(1).max(3)]).optional(),
        minDf: z.number().int().min(1).max(100).optional(),
        sublinearTf: z.boolean().optional(),
        classWeight: z.enum(['balanced', 'none']).optional(),
        C: z.number().positive().max(1e4).optional(),
        maxIterations: z.number().int().min(1).max(10_000).optional(),
        alpha: z.number().positive().max(100).optional(),
        /** post-hoc calibration fitted on out-of-fold scores within the training rows (default auto: temperature) */
        calibration: z.enum(['auto', 'platt', 'temperature', 'none']).optional(),
        /** feedback datasets to train on; default: every dataset except the model's evaluation set */
        datasets: z.array(z.string().min(1).max(120)).min(1).max(50).optional(),
        notes: z.string().max(2000).optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .default({ data: {} });
export type CreateTrainingRunInput = z.infer<typeof createTrainingRunBody>['data'];

export const runParams = z.object({ id: z.string().min(1).max(64) });

/** What `GET /training-runs/:id` answers (API.md), plus detail the admin shows. */
export interface TrainingRunSummary {
  documentId: string;
  model: string | null;
  status: TrainingRunStatus;
  progress: number;
  phase: string | null;
  version?: number;
  error?: string;
  parameters: Record<string, unknown> | null;
  datasetSize: number | null;
  datasetHash: string | null;
  logs: string[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}
