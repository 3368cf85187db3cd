import { ACTIONS } from '../../../shared/constants';
import { predictBody, predictResponse } from '../../../shared/contracts/predict';
import { adminRoute, contentApiRoute, json, slug, type ResourceRoutes } from './route';

const predict = { request: { ...slug, body: json(predictBody) }, response: predictResponse };

const routes: ResourceRoutes = {
  admin: [
    adminRoute('POST', '/models/:slug/predict', 'admin-predictions.create', ACTIONS.read, predict),
  ],
  // The fast path (fast-path/) answers this same route ahead of Koa when it can.
  contentApi: [contentApiRoute('POST', '/models/:slug/predict', 'predictions.create', predict)],
};

export default routes;
