import { ACTIONS } from '../../../shared/constants';
import { compareQuery, compareResponse } from '../../../shared/contracts/compare';
import { outcomesResponse, shadowBody, shadowResponse } from '../../../shared/contracts/outcomes';
import { adminRoute, json, slug, type ResourceRoutes } from './route';

/** How versions measure up: side by side on the evaluation set, and against readers' later labels. */
const routes: ResourceRoutes = {
  admin: [
    adminRoute('GET', '/models/:slug/compare', 'admin-evaluation.compare', ACTIONS.read, {
      request: { ...slug, query: compareQuery.shape },
      response: compareResponse,
    }),
    adminRoute('GET', '/models/:slug/outcomes', 'admin-outcomes.find', ACTIONS.read, {
      request: slug,
      response: outcomesResponse,
    }),
    adminRoute('POST', '/models/:slug/shadow', 'admin-outcomes.shadow', ACTIONS.deploy, {
      request: { ...slug, body: json(shadowBody) },
      response: shadowResponse,
    }),
  ],
  contentApi: [],
};

export default routes;
