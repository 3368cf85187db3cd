import { ACTIONS } from '../../../shared/constants';
import {
  createTrainingRunBody,
  runParams,
  trainingReadinessResponse,
  trainingRunListResponse,
  trainingRunResponse,
} from '../../../shared/contracts/training';
import {
  adminRoute,
  answeredWith,
  contentApiRoute,
  json,
  slug,
  type ResourceRoutes,
} from './route';

const findOne = { request: { params: runParams.shape }, response: trainingRunResponse };
const body = { ...slug, body: json(createTrainingRunBody) };

const routes: ResourceRoutes = {
  admin: [
    adminRoute('GET', '/models/:slug/training-runs', 'admin-training-runs.find', ACTIONS.read, {
      request: slug,
      response: trainingRunListResponse,
    }),
    // The admin's Start checks the data first (409 when short) instead of queueing a run bound to fail.
    adminRoute('POST', '/models/:slug/training-runs', 'admin-training-runs.start', ACTIONS.train, {
      request: body,
      response: answeredWith(
        '202 Accepted (409 when the training data is short)',
        trainingRunResponse
      ),
    }),
    adminRoute(
      'GET',
      '/models/:slug/training-data',
      'admin-training-runs.readiness',
      ACTIONS.read,
      { request: slug, response: trainingReadinessResponse }
    ),
    adminRoute('GET', '/training-runs/:id', 'admin-training-runs.findOne', ACTIONS.read, findOne),
  ],
  contentApi: [
    contentApiRoute('POST', '/models/:slug/training-runs', 'training-runs.create', {
      request: body,
      response: answeredWith('202 Accepted', trainingRunResponse),
    }),
    contentApiRoute('GET', '/training-runs/:id', 'training-runs.findOne', findOne),
  ],
};

export default routes;
