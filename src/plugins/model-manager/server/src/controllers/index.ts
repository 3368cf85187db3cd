import cards from './cards';
import collective from './collective';
import evaluation from './evaluation';
import feedback from './feedback';
import lifecycle from './lifecycle';
import models from './models';
import monitoring from './monitoring';
import outcomes from './outcomes';
import personal from './personal';
import predictions from './predictions';
import readers from './readers';
import runtime from './runtime';
import subjects from './subjects';
import trainingRuns from './training-runs';
import versions from './versions';

export default {
  cards,
  collective,
  evaluation,
  feedback,
  lifecycle,
  models,
  monitoring,
  outcomes,
  personal,
  predictions,
  readers,
  runtime,
  subjects,
  'training-runs': trainingRuns,
  versions,
};
