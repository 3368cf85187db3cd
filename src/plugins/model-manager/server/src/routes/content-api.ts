/**
 * Content API (`/api/model-manager/...`, see docs API.md): API tokens and users-permissions roles
 * decide access through the actions `plugin::model-manager.<controller>.<action>`.
 * Human review (submit, approve, reject) is deliberately absent: no API token may approve.
 */
const route = (method: string, path: string, handler: string) => ({
  method,
  path,
  handler,
  config: {},
});

export default {
  type: 'content-api',
  routes: [
    route('GET', '/models', 'models.find'),
    route('POST', '/models', 'models.create'),
    route('GET', '/models/:slug', 'models.findOne'),
    route('PUT', '/models/:slug', 'models.update'),
    route('GET', '/models/:slug/versions', 'versions.find'),
    route('POST', '/models/:slug/versions', 'versions.create'),
    route('GET', '/models/:slug/versions/:number', 'versions.findOne'),
    route('POST', '/models/:slug/predict', 'predictions.create'),
    route('POST', '/models/:slug/feedback', 'feedback.create'),
    // the calling reader's own personal model (users-permissions JWT only)
    route('GET', '/models/:slug/personal', 'personal.findOne'),
    route('DELETE', '/models/:slug/personal', 'personal.reset'),
    route('PUT', '/models/:slug/following', 'collective.follow'),
    route('POST', '/models/:slug/versions/:number/promote', 'lifecycle.promote'),
    route('POST', '/models/:slug/rollback', 'lifecycle.rollback'),
    route('POST', '/models/:slug/training-runs', 'training-runs.create'),
    route('GET', '/training-runs/:id', 'training-runs.findOne'),
  ],
};
