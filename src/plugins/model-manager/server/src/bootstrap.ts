import type { Core } from '@strapi/strapi';
import { ACTION_LABELS, ACTIONS, PLUGIN_ID, type ActionKey } from '../../shared/constants';
import { installFastPath } from './fast-path';
import { lockLifecycleFields } from './lifecycle/content-manager-layout';
import { recordTokenCreators } from './lifecycle/people';
import { registerRegistryGuard } from './lifecycle/registry-guard';
import { registerEntrySync } from './subjects/entry-sync';
import { getService } from './utils/get-service';
import { pluginConfig } from './utils/plugin-config';

async function registerPermissionActions(strapi: Core.Strapi) {
  const prefix = `plugin::${PLUGIN_ID}.`; // Strapi prefixes the uid with the plugin's name
  const actions = (Object.keys(ACTIONS) as ActionKey[]).map((key) => ({
    section: 'plugins' as const,
    displayName: ACTION_LABELS[key],
    uid: ACTIONS[key].slice(prefix.length),
    pluginName: PLUGIN_ID,
  }));
  await strapi.service('admin::permission').actionProvider.registerMany(actions);
}

/**
 * Strapi's `unique` is checked by the application, which two concurrent requests can both pass;
 * these indexes make the database the judge. Idempotent, so every instance may run it at boot.
 */
async function ensureUniqueIndexes(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  await knex.raw('CREATE UNIQUE INDEX IF NOT EXISTS mm_models_slug_unique ON mm_models (slug)');
  await knex.raw('CREATE UNIQUE INDEX IF NOT EXISTS mm_feedbacks_dedupe_unique ON mm_feedbacks (dedupe_key)');
  await knex.raw('CREATE INDEX IF NOT EXISTS mm_feedbacks_dataset_idx ON mm_feedbacks (dataset)');
}

/** What the users-permissions Authenticated role may do out of the box: be a reader. */
export const READER_ACTIONS = [
  'plugin::model-manager.predictions.create',
  'plugin::model-manager.feedback.create',
  'plugin::model-manager.personal.findOne',
  'plugin::model-manager.personal.reset',
  'plugin::model-manager.collective.follow',
];

/**
 * Grants the Authenticated role each reader action once: the plugin store remembers which it
 * granted, so an admin who removes one (Settings → Users & Permissions → Roles) is never overruled
 * at the next boot, while an action added by a later release is granted once too. Rows that
 * already exist are left as they are.
 */
export async function grantReaderActions(strapi: Core.Strapi) {
  const store = strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'reader-actions-granted' });
  const granted = ((await store.get({})) as { actions?: string[] } | null)?.actions ?? [];
  const missing = READER_ACTIONS.filter((action) => !granted.includes(action));
  if (!missing.length) return;
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  if (!role) return; // no users-permissions role yet: try again at the next boot
  const permissions = strapi.db.query('plugin::users-permissions.permission');
  for (const action of missing) {
    if (!(await permissions.count({ where: { action, role: { id: role.id } } }))) await permissions.create({ data: { action, role: role.id } });
  }
  await store.set({ value: { at: new Date().toISOString(), actions: [...granted, ...missing] } });
}

/** Versions stored before they had a title get one ("spam v3"), once; idempotent. */
async function backfillVersionTitles(strapi: Core.Strapi) {
  await strapi.db.connection.raw(`
    UPDATE mm_model_versions SET title = (
      SELECT m.slug FROM mm_model_versions_model_lnk l JOIN mm_models m ON m.id = l.model_id WHERE l.model_version_id = mm_model_versions.id
    ) || ' v' || CAST(number AS VARCHAR(12))
    WHERE title IS NULL`);
}

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await registerPermissionActions(strapi);
  await ensureUniqueIndexes(strapi);
  await grantReaderActions(strapi);
  await backfillVersionTitles(strapi);
  registerRegistryGuard(strapi);
  recordTokenCreators(strapi);
  getService(strapi, 'subjects').check();
  registerEntrySync(strapi);
  await lockLifecycleFields(strapi);
  getService(strapi, 'events').registerWebhookEvents();
  installFastPath(strapi); // API-token predict answered in front of Koa (fast-path/predict-lane.ts)
  // A command-line task (scripts/) loads the app without serving: it must not claim training runs.
  if (!pluginConfig(strapi).backgroundJobs) return;
  // Loads the routing table and the production sessions, then follows promotions from any instance.
  await getService(strapi, 'routing').start();
  // Fails runs a dead instance left running, then claims queued runs as this instance frees up.
  await getService(strapi, 'training').start();
};

export default bootstrap;
