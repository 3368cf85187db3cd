import { ACTIONS } from '../../../shared/constants';

/** Admin API (`/model-manager/...`): admin JWT, and every route behind an RBAC action. */
const requires = (...actions: string[]) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions } }],
});

export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/models', handler: 'models.find', config: requires(ACTIONS.read) },
    { method: 'POST', path: '/models', handler: 'models.create', config: requires(ACTIONS.upload) },
    { method: 'GET', path: '/models/:slug', handler: 'models.findOne', config: requires(ACTIONS.read) },
  ],
};
