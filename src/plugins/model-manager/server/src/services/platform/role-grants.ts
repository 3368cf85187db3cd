import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../../../../shared/constants';

/** What the users-permissions Authenticated role may do out of the box: be a reader. */
export const READER_ACTIONS = [
  'plugin::model-manager.predictions.create',
  'plugin::model-manager.feedback.create',
  'plugin::model-manager.personal.findOne',
  'plugin::model-manager.personal.reset',
  'plugin::model-manager.collective.follow',
];

/**
 * The one place users-permissions roles are granted actions, by the plugin (readers) and by the app
 * (e.g. what its public pages need), under one rule: each action is granted to a role once. The
 * plugin store remembers what was granted, so an admin who removes an action (Settings → Users &
 * Permissions → Roles) is never overruled at the next boot, while an action added by a later release
 * is granted once too. Rows that already exist are left as they are.
 */
const createRoleGrantsService = ({ strapi }: { strapi: Core.Strapi }) => {
  // The Authenticated role's record kept its first name, so databases that have it keep their memory.
  const store = (roleType: string) =>
    strapi.store({
      type: 'plugin',
      name: PLUGIN_ID,
      key: roleType === 'authenticated' ? 'reader-actions-granted' : `role-grants-${roleType}`,
    });

  return {
    async grantOnce(roleType: string, actions: string[]): Promise<string[]> {
      const granted =
        ((await store(roleType).get({})) as { actions?: string[] } | null)?.actions ?? [];
      const missing = actions.filter((action) => !granted.includes(action));
      if (!missing.length) return [];
      const role = await strapi.db
        .query('plugin::users-permissions.role')
        .findOne({ where: { type: roleType } });
      if (!role) return []; // no such role yet: try again at the next boot
      const permissions = strapi.db.query('plugin::users-permissions.permission');
      for (const action of missing) {
        if (!(await permissions.count({ where: { action, role: { id: role.id } } })))
          await permissions.create({ data: { action, role: role.id } });
      }
      await store(roleType).set({
        value: { at: new Date().toISOString(), actions: [...granted, ...missing] },
      });
      return missing;
    },

    /** The reader actions, to the Authenticated role (the plugin's bootstrap). */
    grantReaderActions() {
      return this.grantOnce('authenticated', READER_ACTIONS);
    },
  };
};

export type RoleGrantsService = ReturnType<typeof createRoleGrantsService>;
export default createRoleGrantsService;
