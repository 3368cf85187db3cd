import type { Core } from '@strapi/strapi';

/**
 * What the reader page needs from users-permissions roles. The choice (README, "The reader's page"):
 * the Public role may read articles and predict, so a visitor sees shaded articles without an
 * account and no token is ever baked into the page; the permission is not per model, so in this
 * demo, where every model is a Partisan one, anonymous predict is acceptable (its cost is bounded by
 * the plugin's text and batch limits); an app with private models would leave Public without it.
 * Readers (Authenticated) also label, and read who they are. Granted through the plugin's role
 * grants, once per action: an admin who revokes one is not overruled at the next start.
 */
const READ = [
  'api::article.article.find',
  'api::article.article.findOne',
  'plugin::model-manager.predictions.create',
];
export const READER_ACCESS = {
  public: READ,
  authenticated: [...READ, 'plugin::model-manager.feedback.create', 'api::partisan.partisan.me'],
};

export async function grantReaderAccess(strapi: Core.Strapi) {
  const grants = strapi.plugin('model-manager').service('role-grants');
  for (const [roleType, actions] of Object.entries(READER_ACCESS))
    await grants.grantOnce(roleType, actions);
}
