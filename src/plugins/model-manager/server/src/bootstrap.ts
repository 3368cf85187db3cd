import type { Core } from '@strapi/strapi';
import { ACTION_LABELS, ACTIONS, PLUGIN_ID, type ActionKey } from '../../shared/constants';
import { installFastPath } from './fast-path';
import { lockLifecycleFields } from './lifecycle/content-manager-layout';
import { recordTokenCreators } from './principals/people';
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

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await registerPermissionActions(strapi);
  await getService(strapi, 'role-grants').grantReaderActions();
  registerRegistryGuard(strapi);
  recordTokenCreators(strapi);
  getService(strapi, 'subjects').check();
  registerEntrySync(strapi);
  await lockLifecycleFields(strapi);
  getService(strapi, 'events').registerWebhookEvents();
  // Thresholds are judged after each write of the counts, off the request path.
  getService(strapi, 'monitor').onFlushed((models) =>
    getService(strapi, 'monitoring').check(models)
  );
  installFastPath(strapi); // API-token predict answered in front of Koa (fast-path/predict-lane.ts)
  // A command-line task (scripts/) loads the app without serving: it must not claim training runs.
  if (!pluginConfig(strapi).backgroundJobs) return;
  // Loads the routing table, then follows promotions from any instance; served versions load in
  // the background (services/serving/prewarm.ts).
  await getService(strapi, 'routing-table').start();
  // Fails runs a dead instance left running, then claims queued runs as this instance frees up.
  await getService(strapi, 'training').start();
  // Hears of readers' corrections other instances refit (PostgreSQL), so a predict reads no revision.
  getService(strapi, 'personal-models').followRevisions();
  // Drops prediction outcomes past their age on a schedule (a reader's own are also pruned on write).
  getService(strapi, 'outcomes').startPruning();
  // Retraining policies: judged on a timer, and right after monitoring may have raised an alert.
  getService(strapi, 'retraining').start();
  getService(strapi, 'monitor').onFlushed((models) =>
    getService(strapi, 'retraining').sweep(models)
  );
};

export default bootstrap;
