import { z } from '@strapi/utils';
import { TRAINING_RUN_STATUSES } from '../constants';
import { TRAINING_LIMITS } from '../training-limits';
import { emptyMeta, envelope } from './envelope';

/** Body of `POST /models/:slug/training-runs`: trainer parameters, all optional (server defaults). */
export const createTrainingRunBody = z
  .object({
    data: z
      .object({
        algorithm: z.enum(['logistic-regression', 'naive-bayes']).optional(),
        ngramRange: z
          .tuple([z.number().int().min(1).max(3), z.number().int().min(1).max(3)])
          .optional(),
        minDf: z
          .number()
          .int()
          .min(TRAINING_LIMITS.minDf.min)
          .max(TRAINING_LIMITS.minDf.max)
          .optional(),
        sublinearTf: z.boolean().optional(),
        classWeight: z.enum(['balanced', 'none']).optional(),
        C: z.number().positive().max(TRAINING_LIMITS.C.max).optional(),
        maxIterations: z.number().int().min(1).max(10_000).optional(),
        alpha: z.number().positive().max(TRAINING_LIMITS.alpha.max).optional(),
        /** post-hoc calibration fitted on out-of-fold scores within the training rows (default auto: temperature) */
        calibration: z.enum(['auto', 'platt', 'temperature', 'none']).optional(),
        /** feedback datasets to train on; default: every dataset except the model's evaluation set */
        datasets: z.array(z.string().min(1).max(120)).min(1).max(50).optional(),
        notes: z.string().max(2000).optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({ data: {} });
export type CreateTrainingRunInput = z.infer<typeof createTrainingRunBody>['data'];

export const runParams = z.object({ id: z.string().min(1).max(64) });

/** Where a global model's training rows came from: trusted sources as they are, readers as capped votes. */
export const TRAINING_ORIGINS = ['import', 'author', 'editor', 'expert', 'reader'] as const;
export type TrainingOrigin = (typeof TRAINING_ORIGINS)[number];

export const trainingSources = z.object({
  /** rows and distinct subjects that trained, per origin ("expert": a member of a collective model over it) */
  byOrigin: z.record(
    z.enum(TRAINING_ORIGINS),
    z.object({ rows: z.number().int(), subjects: z.number().int() })
  ),
  readers: z.object({
    /** "excluded": the model does not train on readers (the default); "aggregated": capped votes */
    policy: z.enum(['excluded', 'aggregated']),
    /** readers' labels in the data, and the accounts that gave them */
    labels: z.number().int(),
    accounts: z.number().int(),
    /** accounts whose votes weighed anything (a track record agreeing with the trusted labels) */
    weightedAccounts: z.number().int(),
    /** subjects only readers labelled that became a row; those the trusted sources labelled; those whose votes weighed nothing */
    subjectsKept: z.number().int(),
    subjectsOverruled: z.number().int(),
    subjectsUnweighted: z.number().int(),
    /** summed weight of the readers' rows (a trusted row weighs 1) */
    weight: z.number(),
  }),
});
export type TrainingSources = z.infer<typeof trainingSources>;

/** What `GET /training-runs/:id` answers (API.md), plus detail the admin shows. */
export const trainingRunSummary = z.object({
  documentId: z.string(),
  model: z.string().nullable(),
  status: z.enum(TRAINING_RUN_STATUSES),
  progress: z.number().min(0).max(1),
  phase: z.string().nullable(),
  version: z.number().int().optional(),
  error: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).nullable(),
  datasetSize: z.number().int().nullable(),
  datasetHash: z.string().nullable(),
  /** a global model's rows and subjects per origin (null: not a global model, or not frozen yet) */
  sources: trainingSources.nullable(),
  logs: z.array(z.string()),
  /** [iteration, loss] pairs of the optimiser's final fit (logistic regression; empty otherwise) */
  lossCurve: z.array(z.tuple([z.number(), z.number()])),
  /** who queued it, by name (never an e-mail address) */
  requestedBy: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type TrainingRunSummary = z.infer<typeof trainingRunSummary>;

export const trainingRunResponse = envelope(trainingRunSummary, emptyMeta);
export const trainingRunListResponse = envelope(z.array(trainingRunSummary), emptyMeta);

/** `GET /model-manager/models/:slug/training-data`: whether a run started now has enough data, and why not. */
export const trainingReadiness = z.object({
  rows: z.number().int(),
  minRows: z.number().int(),
  byLabel: z.record(z.string(), z.number().int()),
  ready: z.boolean(),
  /** the refusal a run would fail with, in words; null when ready */
  reason: z.string().nullable(),
});
export type TrainingReadiness = z.infer<typeof trainingReadiness>;
export const trainingReadinessResponse = envelope(trainingReadiness, emptyMeta);
