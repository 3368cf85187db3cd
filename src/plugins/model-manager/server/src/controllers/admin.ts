import type { Controller } from './answer';
import { answerAsIs } from './answer';
import { createCardsActions } from './cards';
import { createCollectiveActions } from './collective';
import { createEvaluationActions } from './evaluation';
import { createFeedbackActions } from './feedback';
import { createLifecycleActions } from './lifecycle';
import { createModelsActions } from './models';
import { createMonitoringActions } from './monitoring';
import { createOutcomesActions } from './outcomes';
import { createPersonalActions } from './personal';
import { createPredictionsActions } from './predictions';
import { createReadersActions } from './readers';
import { createRuntimeActions } from './runtime';
import { createSubjectsActions } from './subjects';
import { createTrainingRunsActions } from './training-runs';
import { createVersionsActions } from './versions';

/**
 * The admin API's controllers (routes/, `admin-<controller>.<action>`): editors behind RBAC
 * actions see the whole answer (actors as recorded, full training logs, onnxruntime's own words).
 */
const controllers: Record<string, Controller> = {
  'admin-cards': (deps) => answerAsIs(createCardsActions(deps), ['find', 'updatePeople']),
  'admin-collective': (deps) =>
    answerAsIs(createCollectiveActions(deps), [
      'create',
      'findOne',
      'roleDefaults',
      'setRoleDefault',
    ]),
  'admin-evaluation': (deps) => answerAsIs(createEvaluationActions(deps), ['compare']),
  'admin-feedback': (deps) =>
    answerAsIs(createFeedbackActions(deps), [
      'find',
      'create',
      'givers',
      'export',
      'import',
      'update',
      'delete',
    ]),
  'admin-lifecycle': (deps) =>
    answerAsIs(createLifecycleActions(deps), [
      'audit',
      'deployments',
      'servedAt',
      'submit',
      'approve',
      'reject',
      'promotionCheck',
      'promote',
      'challenge',
      'archive',
      'rollbackTarget',
      'rollback',
    ]),
  'admin-models': (deps) =>
    answerAsIs(createModelsActions(deps), ['find', 'findOne', 'create', 'update']),
  'admin-monitoring': (deps) =>
    answerAsIs(createMonitoringActions(deps), [
      'report',
      'setThresholds',
      'retraining',
      'setRetraining',
      'checkRetraining',
    ]),
  'admin-outcomes': (deps) => answerAsIs(createOutcomesActions(deps), ['find', 'shadow']),
  'admin-personal': (deps) => answerAsIs(createPersonalActions(deps), ['readers', 'texts']),
  'admin-predictions': (deps) => answerAsIs(createPredictionsActions(deps), ['create']),
  'admin-readers': (deps) => answerAsIs(createReadersActions(deps), ['find']),
  'admin-runtime': (deps) => answerAsIs(createRuntimeActions(deps), ['stats']),
  'admin-subjects': (deps) => answerAsIs(createSubjectsActions(deps), ['types', 'prediction']),
  'admin-training-runs': (deps) =>
    answerAsIs(createTrainingRunsActions(deps), ['find', 'start', 'readiness', 'findOne']),
  'admin-versions': (deps) =>
    answerAsIs(createVersionsActions(deps), [
      'find',
      'create',
      'findOne',
      'details',
      'artifact',
      'updateNotes',
    ]),
};

export default controllers;
