import cards from './cards';
import evaluation from './evaluation';
import feedback from './feedback';
import lifecycle from './lifecycle';
import models from './models';
import monitoring from './monitoring';
import predictions from './predictions';
import readers from './readers';
import runtime from './runtime';
import subjects from './subjects';
import trainingRuns from './training-runs';
import versions from './versions';

/**
 * One file per resource, each route with its policies and its request and response schemas. Admin
 * handlers are `admin-<controller>.<action>`; content-API handlers keep the names API tokens and
 * roles are granted (`plugin::model-manager.<controller>.<action>`).
 */
export const RESOURCES = [
  runtime,
  models,
  lifecycle,
  versions,
  cards,
  predictions,
  feedback,
  readers,
  evaluation,
  monitoring,
  trainingRuns,
  subjects,
];

export default {
  admin: { type: 'admin', routes: RESOURCES.flatMap((r) => r.admin) },
  'content-api': { type: 'content-api', routes: RESOURCES.flatMap((r) => r.contentApi) },
};
