import { z } from '@strapi/utils';
import {
  subjectParams,
  subjectPredictionResponse,
  subjectTypesResponse,
} from '../../../shared/contracts/subject-prediction';
import {
  collectiveResponse,
  createCollectiveBody,
  followBody,
  followResponse,
  roleDefaultBody,
  roleDefaultResponse,
  roleDefaultsResponse,
} from '../../../shared/contracts/collective';
import { compareQuery, compareResponse } from '../../../shared/contracts/compare';
import {
  deploymentHistoryResponse,
  servedAtQuery,
  servedAtResponse,
} from '../../../shared/contracts/deployments';
import { emptyMeta, envelope } from '../../../shared/contracts/envelope';
import {
  createFeedbackBody,
  deleteFeedbackBody,
  deleteFeedbackQuery,
  exportFeedbackQuery,
  feedbackDeletedResponse,
  feedbackEditedResponse,
  feedbackGiversResponse,
  feedbackListResponse,
  feedbackParams,
  feedbackResponse,
  importFeedbackBody,
  importFeedbackResponse,
  listFeedbackQuery,
  relabelFeedbackBody,
} from '../../../shared/contracts/feedback';
import {
  createModelBody,
  listModelsResponse,
  modelResponse,
  paginationQuery,
  slugParams,
  updateModelBody,
} from '../../../shared/contracts/models';
import { outcomesResponse, shadowBody, shadowResponse } from '../../../shared/contracts/outcomes';
import { listReadersQuery, readersListResponse } from '../../../shared/contracts/readers';
import {
  personalReadersResponse,
  personalResetResponse,
  personalStateResponse,
  readerTextsQuery,
  readerTextsResponse,
} from '../../../shared/contracts/personal';
import { predictBody, predictResponse } from '../../../shared/contracts/predict';
import {
  artifactResponse,
  notesBody,
  versionDetailResponse,
} from '../../../shared/contracts/version-page';
import {
  promoteBody,
  promotionCheckResponse,
  rollbackTargetResponse,
} from '../../../shared/contracts/promotion';
import {
  createTrainingRunBody,
  runParams,
  trainingReadinessResponse,
  trainingRunListResponse,
  trainingRunResponse,
} from '../../../shared/contracts/training';
import {
  auditResponse,
  challengeBody,
  transitionBody,
  uploadBody,
  versionListResponse,
  versionParams,
  versionResponse,
} from '../../../shared/contracts/versions';

/**
 * Request and response schemas of every route, keyed by handler: the same zod contracts the
 * controllers validate with, attached to the routes so `strapi openapi generate` describes them.
 * Strapi 5.54's generator files every success under 200 and writes its own generic error
 * descriptions, so a route answering 201 or 202 says so in its schema's description.
 */
type RouteContract = {
  request?: {
    params?: Record<string, z.ZodType>;
    query?: Record<string, z.ZodType>;
    body?: Record<string, z.ZodType>;
  };
  response: z.ZodType;
};

// Query parameters with a server default are optional to the caller, hence `.partial()`.
const json = (schema: z.ZodType) => ({ 'application/json': schema });
const answeredWith = (status: string, schema: z.ZodType) =>
  schema.describe(`Answered with HTTP ${status}.`);
const slug = { params: slugParams.shape };
const version = { params: versionParams.shape };

const runtimeStats = envelope(
  z.object({
    sessions: z.record(z.string(), z.unknown()),
    routingRevision: z.number().int(),
    fastPath: z.boolean(),
    personalCache: z.object({
      entries: z.number().int(),
      bytes: z.number().int(),
      maxBytes: z.number().int(),
      /** personal refits queued or running in the background in this process */
      queuedRefits: z.number().int(),
    }),
    pid: z.number().int(),
  }),
  emptyMeta
);

export const CONTRACTS: Record<string, RouteContract> = {
  'runtime.stats': { response: runtimeStats },
  'models.find': {
    request: { query: { pagination: paginationQuery.partial() } },
    response: listModelsResponse,
  },
  'models.create': {
    request: { body: json(createModelBody) },
    response: answeredWith('201 Created', modelResponse),
  },
  'models.findOne': { request: slug, response: modelResponse },
  'models.update': { request: { ...slug, body: json(updateModelBody) }, response: modelResponse },
  'lifecycle.audit': { request: slug, response: auditResponse },
  'lifecycle.deployments': { request: slug, response: deploymentHistoryResponse },
  'lifecycle.servedAt': {
    request: { ...slug, query: servedAtQuery.shape },
    response: servedAtResponse,
  },
  'versions.find': { request: slug, response: versionListResponse },
  'versions.create': {
    request: { ...slug, body: { 'multipart/form-data': uploadBody } },
    response: answeredWith('201 Created', versionResponse),
  },
  'versions.findOne': { request: version, response: versionResponse },
  'versions.details': { request: version, response: versionDetailResponse },
  'versions.artifact': { request: version, response: artifactResponse },
  'versions.updateNotes': {
    request: { ...version, body: json(notesBody) },
    response: versionResponse,
  },
  'predictions.create': {
    request: { ...slug, body: json(predictBody) },
    response: predictResponse,
  },
  'feedback.find': {
    request: { ...slug, query: listFeedbackQuery.partial().shape },
    response: feedbackListResponse,
  },
  'feedback.create': {
    request: { ...slug, body: json(createFeedbackBody) },
    response: answeredWith('201 Created', feedbackResponse),
  },
  'personal.findOne': { request: slug, response: personalStateResponse },
  'personal.reset': { request: slug, response: personalResetResponse },
  'personal.readers': { request: slug, response: personalReadersResponse },
  'collective.create': {
    request: { body: json(createCollectiveBody) },
    response: answeredWith('201 Created', collectiveResponse),
  },
  'collective.findOne': { request: slug, response: collectiveResponse },
  'collective.follow': { request: { ...slug, body: json(followBody) }, response: followResponse },
  'personal.texts': {
    request: { ...slug, query: readerTextsQuery.partial().shape },
    response: readerTextsResponse,
  },
  'collective.roleDefaults': { request: slug, response: roleDefaultsResponse },
  'collective.setRoleDefault': {
    request: { ...slug, body: json(roleDefaultBody) },
    response: roleDefaultResponse,
  },
  'readers.find': {
    request: { query: listReadersQuery.partial().shape },
    response: readersListResponse,
  },
  'outcomes.find': { request: slug, response: outcomesResponse },
  'outcomes.shadow': { request: { ...slug, body: json(shadowBody) }, response: shadowResponse },
  'feedback.givers': { request: slug, response: feedbackGiversResponse },
  'feedback.export': {
    request: { ...slug, query: exportFeedbackQuery.partial().shape },
    response: z.string().describe('The matching entries as JSONL or CSV (a file download).'),
  },
  'feedback.import': {
    request: { ...slug, body: json(importFeedbackBody) },
    response: importFeedbackResponse,
  },
  'feedback.update': {
    request: { params: feedbackParams.shape, body: json(relabelFeedbackBody) },
    response: feedbackEditedResponse,
  },
  'feedback.delete': {
    request: {
      params: feedbackParams.shape,
      query: deleteFeedbackQuery.shape,
      body: json(deleteFeedbackBody),
    },
    response: feedbackDeletedResponse,
  },
  'lifecycle.submit': {
    request: { ...version, body: json(transitionBody) },
    response: versionResponse,
  },
  'lifecycle.approve': {
    request: { ...version, body: json(transitionBody) },
    response: versionResponse,
  },
  'lifecycle.reject': {
    request: { ...version, body: json(transitionBody) },
    response: versionResponse,
  },
  'lifecycle.promote': {
    request: { ...version, body: json(promoteBody) },
    response: versionResponse,
  },
  'lifecycle.promotionCheck': { request: version, response: promotionCheckResponse },
  'lifecycle.challenge': {
    request: { ...version, body: json(challengeBody) },
    response: versionResponse,
  },
  'lifecycle.archive': {
    request: { ...version, body: json(transitionBody) },
    response: versionResponse,
  },
  'lifecycle.rollbackTarget': { request: slug, response: rollbackTargetResponse },
  'lifecycle.rollback': {
    request: { ...slug, body: json(transitionBody) },
    response: versionResponse,
  },
  'training-runs.find': { request: slug, response: trainingRunListResponse },
  'training-runs.create': {
    request: { ...slug, body: json(createTrainingRunBody) },
    response: answeredWith('202 Accepted', trainingRunResponse),
  },
  'training-runs.start': {
    request: { ...slug, body: json(createTrainingRunBody) },
    response: answeredWith(
      '202 Accepted (409 when the training data is short)',
      trainingRunResponse
    ),
  },
  'training-runs.readiness': { request: slug, response: trainingReadinessResponse },
  'training-runs.findOne': { request: { params: runParams.shape }, response: trainingRunResponse },
  'subjects.types': { response: subjectTypesResponse },
  'subjects.prediction': {
    request: { params: subjectParams.shape },
    response: subjectPredictionResponse,
  },
  'evaluation.compare': {
    request: { ...slug, query: compareQuery.shape },
    response: compareResponse,
  },
};

/** Adds its contract to a route; a handler without one is a programming error caught at boot. */
export function withContract<R extends { handler: string }>(route: R): R & RouteContract {
  const contract = CONTRACTS[route.handler];
  if (!contract)
    throw new Error(`model-manager: no request/response contract for handler ${route.handler}`);
  return { ...route, ...contract };
}
