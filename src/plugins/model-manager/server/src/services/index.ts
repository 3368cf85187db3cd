import artifacts from './registry/artifacts';
import collectiveLabels from './readers/collective-labels';
import collectiveModels from './readers/collective-models';
import databaseHealth from './platform/database-health';
import datasets from './training/datasets';
import deployments from './registry/deployments';
import events from './platform/events';
import evaluation from './registry/evaluation';
import feedback from './feedback/feedback';
import feedbackEditing from './feedback/feedback-editing';
import lifecycle from './registry/lifecycle';
import modelCards from './registry/model-cards';
import models from './registry/models';
import monitor from './monitoring/monitor';
import monitoring from './monitoring/monitoring';
import outcomes from './serving/outcomes';
import personalModels from './readers/personal-models';
import predictions from './serving/predictions';
import prewarm from './serving/prewarm';
import readerTexts from './feedback/reader-texts';
import readers from './readers/readers';
import roleDefaults from './readers/role-defaults';
import roleGrants from './platform/role-grants';
import promotionGate from './registry/promotion-gate';
import registry from './registry/registry';
import retraining from './monitoring/retraining';
import routing from './serving/routing';
import routingTable from './serving/routing-table';
import runtime from './serving/runtime';
import subjects from '../subjects/subjects-service';
import training from './training/training';
import trainingReadiness from './training/training-readiness';
import trustedTraining from './training/trusted-training';

export default {
  artifacts,
  'collective-labels': collectiveLabels,
  'collective-models': collectiveModels,
  'database-health': databaseHealth,
  datasets,
  deployments,
  events,
  evaluation,
  feedback,
  'feedback-editing': feedbackEditing,
  lifecycle,
  'model-cards': modelCards,
  models,
  monitor,
  monitoring,
  outcomes,
  'personal-models': personalModels,
  predictions,
  prewarm,
  'promotion-gate': promotionGate,
  'reader-texts': readerTexts,
  readers,
  'role-defaults': roleDefaults,
  'role-grants': roleGrants,
  registry,
  retraining,
  routing,
  'routing-table': routingTable,
  runtime,
  subjects,
  training,
  'training-readiness': trainingReadiness,
  'trusted-training': trustedTraining,
};
