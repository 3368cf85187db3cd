/**
 * Content API (`/api/model-manager/...`): API tokens and users-permissions roles decide access
 * through the actions `plugin::model-manager.<controller>.<action>`.
 */
export default {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/models', handler: 'models.find', config: { policies: [] } },
    { method: 'POST', path: '/models', handler: 'models.create', config: { policies: [] } },
    { method: 'GET', path: '/models/:slug', handler: 'models.findOne', config: { policies: [] } },
  ],
};
