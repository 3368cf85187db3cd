import { ACTIONS } from '../../../shared/constants';

/** Admin API (`/model-manager/...`): admin JWT, and every route behind an RBAC action. */
const route = (
  method: string,
  path: string,
  handler: string,
  action: string,
  extra: string[] = []
) => ({
  method,
  path,
  handler,
  config: {
    policies: [
      'admin::isAuthenticatedAdmin',
      { name: 'admin::hasPermissions', config: { actions: [action] } },
      ...extra,
    ],
  },
});
// Human review: an admin session only, never an admin token.
const SESSION = ['plugin::model-manager.admin-session'];

export default {
  type: 'admin',
  routes: [
    route('GET', '/runtime', 'runtime.stats', ACTIONS.read),
    route('GET', '/models', 'models.find', ACTIONS.read),
    route('POST', '/models', 'models.create', ACTIONS.upload),
    route('GET', '/models/:slug', 'models.findOne', ACTIONS.read),
    // What trains the model (trainOnReaders) is a training decision.
    route('PUT', '/models/:slug', 'models.update', ACTIONS.train),
    route('GET', '/models/:slug/audit', 'lifecycle.audit', ACTIONS.read),
    route('GET', '/models/:slug/deployments', 'lifecycle.deployments', ACTIONS.read),
    route('GET', '/models/:slug/served-at', 'lifecycle.servedAt', ACTIONS.read),
    route('GET', '/models/:slug/versions', 'versions.find', ACTIONS.read),
    route('POST', '/models/:slug/versions', 'versions.create', ACTIONS.upload),
    route('GET', '/models/:slug/versions/:number', 'versions.findOne', ACTIONS.read),
    route('GET', '/models/:slug/versions/:number/details', 'versions.details', ACTIONS.read),
    route('GET', '/models/:slug/versions/:number/artifact', 'versions.artifact', ACTIONS.read),
    route('PUT', '/models/:slug/versions/:number/notes', 'versions.updateNotes', ACTIONS.upload),
    route('GET', '/models/:slug/versions/:number/card', 'cards.find', ACTIONS.read),
    route('PUT', '/models/:slug/versions/:number/card', 'cards.updatePeople', ACTIONS.upload),
    route('POST', '/models/:slug/predict', 'predictions.create', ACTIONS.read),
    route('GET', '/models/:slug/feedback', 'feedback.find', ACTIONS.read),
    route('POST', '/models/:slug/feedback', 'feedback.create', ACTIONS.read),
    route('GET', '/models/:slug/personal-models', 'personal.readers', ACTIONS.read),
    route('GET', '/models/:slug/personal-models/texts', 'personal.texts', ACTIONS.readTexts),
    route('GET', '/models/:slug/role-defaults', 'collective.roleDefaults', ACTIONS.read),
    route('PUT', '/models/:slug/role-defaults', 'collective.setRoleDefault', ACTIONS.deploy),
    route('GET', '/models/:slug/outcomes', 'outcomes.find', ACTIONS.read),
    route('GET', '/models/:slug/monitoring', 'monitoring.report', ACTIONS.read),
    route('PUT', '/models/:slug/monitoring', 'monitoring.setThresholds', ACTIONS.deploy),
    route('POST', '/models/:slug/shadow', 'outcomes.shadow', ACTIONS.deploy),
    route('POST', '/collective-models', 'collective.create', ACTIONS.upload),
    route('GET', '/collective-models/:slug', 'collective.findOne', ACTIONS.read),
    route('GET', '/models/:slug/feedback/givers', 'feedback.givers', ACTIONS.read),
    route('GET', '/models/:slug/feedback/export', 'feedback.export', ACTIONS.read),
    route('POST', '/models/:slug/feedback/import', 'feedback.import', ACTIONS.curate),
    route('PUT', '/models/:slug/feedback/:documentId', 'feedback.update', ACTIONS.curate),
    route('DELETE', '/models/:slug/feedback/:documentId', 'feedback.delete', ACTIONS.curate),
    route('GET', '/readers', 'readers.find', ACTIONS.read),
    route(
      'POST',
      '/models/:slug/versions/:number/submit',
      'lifecycle.submit',
      ACTIONS.review,
      SESSION
    ),
    route(
      'POST',
      '/models/:slug/versions/:number/approve',
      'lifecycle.approve',
      ACTIONS.review,
      SESSION
    ),
    route(
      'POST',
      '/models/:slug/versions/:number/reject',
      'lifecycle.reject',
      ACTIONS.review,
      SESSION
    ),
    route(
      'GET',
      '/models/:slug/versions/:number/promotion-check',
      'lifecycle.promotionCheck',
      ACTIONS.read
    ),
    route('POST', '/models/:slug/versions/:number/promote', 'lifecycle.promote', ACTIONS.deploy),
    route(
      'POST',
      '/models/:slug/versions/:number/challenge',
      'lifecycle.challenge',
      ACTIONS.deploy
    ),
    route('POST', '/models/:slug/versions/:number/archive', 'lifecycle.archive', ACTIONS.deploy),
    route('GET', '/models/:slug/rollback', 'lifecycle.rollbackTarget', ACTIONS.read),
    route('POST', '/models/:slug/rollback', 'lifecycle.rollback', ACTIONS.deploy),
    route('GET', '/models/:slug/training-runs', 'training-runs.find', ACTIONS.read),
    route('POST', '/models/:slug/training-runs', 'training-runs.start', ACTIONS.train),
    route('GET', '/models/:slug/training-data', 'training-runs.readiness', ACTIONS.read),
    route('GET', '/training-runs/:id', 'training-runs.findOne', ACTIONS.read),
    route('GET', '/models/:slug/compare', 'evaluation.compare', ACTIONS.read),
    route('GET', '/subjects', 'subjects.types', ACTIONS.read),
    route('GET', '/subjects/:type/:documentId/prediction', 'subjects.prediction', ACTIONS.read),
  ],
};
