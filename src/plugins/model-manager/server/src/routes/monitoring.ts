import { ACTIONS } from '../../../shared/constants';
import {
  monitoringQuery,
  monitoringResponse,
  monitoringThresholdsBody,
  monitoringThresholdsResponse,
} from '../../../shared/contracts/monitoring';
import { adminRoute, json, slug, type ResourceRoutes } from './route';

/** A model's monitoring (docs/monitoring.md): its days' figures and alerts, and the thresholds; admin only. */
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
  ],
  contentApi: [],
};

export default routes;
