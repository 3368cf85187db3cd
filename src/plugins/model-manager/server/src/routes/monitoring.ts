import { ACTIONS } from '../../../shared/constants';
import {
  monitoringQuery,
  monitoringResponse,
  monitoringThresholdsBody,
  monitoringThresholdsResponse,
} from '../../../shared/contracts/monitoring';
import {
  retrainingCheckResponse,
  retrainingPolicyBody,
  retrainingPolicyResponse,
  retrainingResponse,
} from '../../../shared/contracts/retraining';
import { adminRoute, json, slug, type ResourceRoutes } from './route';

/** A model's monitoring (docs/monitoring.md): its days' figures and alerts, the thresholds, its retraining policy; admin only. */
const routes: ResourceRoutes = {
  admin: [
    adminRoute('GET', '/models/:slug/monitoring', 'admin-monitoring.report', ACTIONS.read, {
      request: { ...slug, query: monitoringQuery.shape },
      response: monitoringResponse,
    }),
    adminRoute(
      'PUT',
      '/models/:slug/monitoring',
      'admin-monitoring.setThresholds',
      ACTIONS.deploy,
      {
        request: { ...slug, body: json(monitoringThresholdsBody) },
        response: monitoringThresholdsResponse,
      }
    ),
    adminRoute('GET', '/models/:slug/retraining', 'admin-monitoring.retraining', ACTIONS.read, {
      request: slug,
      response: retrainingResponse,
    }),
    // setting a policy, or checking it now, may queue runs: the train permission
    adminRoute('PUT', '/models/:slug/retraining', 'admin-monitoring.setRetraining', ACTIONS.train, {
      request: { ...slug, body: json(retrainingPolicyBody) },
      response: retrainingPolicyResponse,
    }),
    adminRoute(
      'POST',
      '/models/:slug/retraining/check',
      'admin-monitoring.checkRetraining',
      ACTIONS.train,
      { request: slug, response: retrainingCheckResponse }
    ),
  ],
  contentApi: [],
};

export default routes;
