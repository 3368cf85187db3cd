import artifacts from './artifacts';
import databaseHealth from './database-health';
import datasets from './datasets';
import deployments from './deployments';
import events from './events';
import evaluation from './evaluation';
import feedback from './feedback';
import feedbackEditing from './feedback-editing';
import lifecycle from './lifecycle';
import models from './models';
import predictions from './predictions';
import registry from './registry';
import routing from './routing';
import runtime from './runtime';
import training from './training';
import trainingReadiness from './training-readiness';

export default {
  artifacts,
  'database-health': databaseHealth,
  datasets,
  deployments,
  events,
  evaluation,
  feedback,
  'feedback-editing': feedbackEditing,
  lifecycle,
  models,
  predictions,
  registry,
  routing,
  runtime,
  training,
  'training-readiness': trainingReadiness,
};
