import { ACTIONS } from '../../../shared/constants';
import {
  deploymentHistoryResponse,
  servedAtQuery,
  servedAtResponse,
} from '../../../shared/contracts/deployments';
import {
  promoteBody,
  promotionCheckResponse,
  rollbackTargetResponse,
} from '../../../shared/contracts/promotion';
import {
  auditResponse,
  challengeBody,
  transitionBody,
  versionResponse,
} from '../../../shared/contracts/versions';
import {
  adminRoute,
  contentApiRoute,
  json,
  SESSION_ONLY,
  slug,
  version,
  type ResourceRoutes,
} from './route';

const transition = {
  request: { ...version, body: json(transitionBody) },
  response: versionResponse,
};
const promote = { request: { ...version, body: json(promoteBody) }, response: versionResponse };
const rollback = { request: { ...slug, body: json(transitionBody) }, response: versionResponse };
const VERSION = '/models/:slug/versions/:number';

/**
 * Lifecycle verbs on versions, and the history they leave. Human review (submit, approve, reject)
 * is admin-only, from an admin session: no API token may approve.
 */
const routes: ResourceRoutes = {
  admin: [
    adminRoute('GET', '/models/:slug/audit', 'admin-lifecycle.audit', ACTIONS.read, {
      request: slug,
      response: auditResponse,
    }),
    adminRoute('GET', '/models/:slug/deployments', 'admin-lifecycle.deployments', ACTIONS.read, {
      request: slug,
      response: deploymentHistoryResponse,
    }),
    adminRoute('GET', '/models/:slug/served-at', 'admin-lifecycle.servedAt', ACTIONS.read, {
      request: { ...slug, query: servedAtQuery.shape },
      response: servedAtResponse,
    }),
    adminRoute(
      'POST',
      `${VERSION}/submit`,
      'admin-lifecycle.submit',
      ACTIONS.review,
      transition,
      SESSION_ONLY
    ),
    adminRoute(
      'POST',
      `${VERSION}/approve`,
      'admin-lifecycle.approve',
      ACTIONS.review,
      transition,
      SESSION_ONLY
    ),
    adminRoute(
      'POST',
      `${VERSION}/reject`,
      'admin-lifecycle.reject',
      ACTIONS.review,
      transition,
      SESSION_ONLY
    ),
    adminRoute(
      'GET',
      `${VERSION}/promotion-check`,
      'admin-lifecycle.promotionCheck',
      ACTIONS.read,
      { request: version, response: promotionCheckResponse }
    ),
    adminRoute('POST', `${VERSION}/promote`, 'admin-lifecycle.promote', ACTIONS.deploy, promote),
    adminRoute('POST', `${VERSION}/challenge`, 'admin-lifecycle.challenge', ACTIONS.deploy, {
      request: { ...version, body: json(challengeBody) },
      response: versionResponse,
    }),
    adminRoute('POST', `${VERSION}/archive`, 'admin-lifecycle.archive', ACTIONS.deploy, transition),
    adminRoute('GET', '/models/:slug/rollback', 'admin-lifecycle.rollbackTarget', ACTIONS.read, {
      request: slug,
      response: rollbackTargetResponse,
    }),
    adminRoute(
      'POST',
      '/models/:slug/rollback',
      'admin-lifecycle.rollback',
      ACTIONS.deploy,
      rollback
    ),
  ],
  contentApi: [
    contentApiRoute('POST', `${VERSION}/promote`, 'lifecycle.promote', promote),
    contentApiRoute('POST', '/models/:slug/rollback', 'lifecycle.rollback', rollback),
  ],
};

export default routes;
