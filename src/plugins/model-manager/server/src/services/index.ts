import artifacts from './artifacts';
import collectiveLabels from './collective-labels';
import collectiveModels from './collective-models';
import databaseHealth from './database-health';
import datasets from './datasets';
import deployments from './deployments';
import events from './events';
import evaluation from './evaluation';
import feedback from './feedback';
import feedbackEditing from './feedback-editing';
import lifecycle from './lifecycle';
import models from './models';
import outcomes from './outcomes';
import personalModels from './personal-models';
import predictions from './predictions';
import readerTexts from './reader-texts';
import readers from './readers';
import roleDefaults from './role-defaults';
import roleGrants from './role-grants';
import promotionGate from './promotion-gate';
import registry from './registry';
import routing from './routing';
import routingTable from './routing-table';
import runtime from './runtime';
import subjects from '../subjects/subjects-service';
import training from './training';
import trainingReadiness from './training-readiness';
import trustedTraining from './trusted-training';

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
  models,
  outcomes,
  'personal-models': personalModels,
  predictions,
  'promotion-gate': promotionGate,
  'reader-texts': readerTexts,
  readers,
  'role-defaults': roleDefaults,
  'role-grants': roleGrants,
  registry,
  routing,
  'routing-table': routingTable,
  runtime,
  subjects,
  training,
  'training-readiness': trainingReadiness,
  'trusted-training': trustedTraining,
};
