import type { Core } from '@strapi/strapi';
import { UIDS } from '../../../shared/constants';

/**
 * Content Manager actions the plugin's types are taken out of, so the Content Manager offers no
 * "Create new entry" (or Delete) for them and its routes answer 403: versions are made by upload
 * or training and leave by archiving; models are created on the plugin's Models page, which asks
 * for the labels the edit form keeps out of sight. Training runs, feedback and the audit are not
 * displayed at all (pluginOptions), so the Content Manager gives them no write action anyway.
 */
const WITHHELD: Record<string, string[]> = {
  'plugin::content-manager.explorer.create': [UIDS.model, UIDS.version],
  'plugin::content-manager.explorer.delete': [UIDS.version],
};

type ActionRegistration = { key: string; value: { subjects?: string[] } };

/**
 * Hooks the action provider before the Content Manager registers its actions (its bootstrap), so
 * no role, the Super Admin's included, is ever granted them; grants stored by an earlier release
 * are removed by the admin's own clean-up of permissions whose subject an action no longer has.
 */
export function withholdContentManagerActions(strapi: Core.Strapi) {
  const { actionProvider } = strapi.service('admin::permission');
  actionProvider.hooks.willRegister.register(({ key, value }: ActionRegistration) => {
    const withheld = WITHHELD[key];
    if (withheld && Array.isArray(value.subjects))
      value.subjects = value.subjects.filter((uid) => !withheld.includes(uid));
  });
}
