import {
  asIs,
  eachData,
  publicModel,
  publicRefusal,
  publicRun,
  publicVersion,
  theData,
} from '../serializers/content-api';
import { answer, type Controller } from './answer';
import { createCollectiveActions } from './collective';
import { createFeedbackActions } from './feedback';
import { createLifecycleActions } from './lifecycle';
import { createModelsActions } from './models';
import { createPersonalActions } from './personal';
import { createPredictionsActions } from './predictions';
import { createTrainingRunsActions } from './training-runs';
import { createVersionsActions } from './versions';

/**
 * The content API's controllers (routes/, `<controller>.<action>`: the names API tokens and roles
 * are granted). Each action names the serializer that shapes its answer for the public.
 */
const controllers: Record<string, Controller> = {
  models: (deps) => {
    const models = createModelsActions(deps);
    return {
      find: answer(models.find, eachData(publicModel)),
      findOne: answer(models.findOne, theData(publicModel)),
      create: answer(models.create, theData(publicModel)),
      update: answer(models.update, theData(publicModel)),
    };
  },
  versions: (deps) => {
    const versions = createVersionsActions(deps);
    return {
      find: answer(versions.find, eachData(publicVersion)),
      create: answer(versions.create, theData(publicVersion), publicRefusal),
      findOne: answer(versions.findOne, theData(publicVersion)),
    };
  },
  lifecycle: (deps) => {
    const lifecycle = createLifecycleActions(deps);
    return {
      promote: answer(lifecycle.promoteApproved, theData(publicVersion)),
      rollback: answer(lifecycle.rollback, theData(publicVersion)),
    };
  },
  'training-runs': (deps) => {
    const runs = createTrainingRunsActions(deps);
    return {
      create: answer(runs.create, theData(publicRun)),
      findOne: answer(runs.findOne, theData(publicRun)),
    };
  },
  // Predictions carry no actor, and a reader's own state and settings are theirs.
  predictions: (deps) => ({ create: answer(createPredictionsActions(deps).create, asIs) }),
  feedback: (deps) => ({ create: answer(createFeedbackActions(deps).create, asIs) }),
  personal: (deps) => {
    const personal = createPersonalActions(deps);
    return { findOne: answer(personal.findOne, asIs), reset: answer(personal.reset, asIs) };
  },
  collective: (deps) => ({ follow: answer(createCollectiveActions(deps).follow, asIs) }),
};

export default controllers;
