import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import * as indexes from './after-sync/indexes';
import * as versionTitles from './after-sync/version-titles';
import * as artifacts from './migrations/artifacts';
import * as governance from './migrations/governance';
import * as monitoring from './migrations/monitoring';
import * as outcomeBounds from './migrations/outcome-bounds';
import * as personal from './migrations/personal';
import * as retraining from './migrations/retraining';
import * as roleDefaults from './migrations/role-defaults';
import * as routingNotify from './migrations/routing-notify';
import * as versionStage from './migrations/version-stage';

interface Migration {
  up: (knex: Knex) => Promise<void>;
  down: (knex: Knex) => Promise<void>;
}

/**
 * The plugin's own tables and columns, in order. They ship with the plugin, so any app that installs
 * it gets them: Strapi runs them (as internal migrations, each in a transaction, recorded in
 * strapi_migrations_internal) after the app's own and before it syncs content types. Each is
 * idempotent: the names are those the files had when the app's database/migrations held them.
 */
const MIGRATIONS: Array<[string, Migration]> = [
  ['2026.11.27T00.00.00.model-manager-artifacts', artifacts],
  ['2026.12.02T00.00.00.model-manager-governance', governance],
  ['2026.12.02T00.00.00.routing-notify', routingNotify],
  ['2026.12.02T06.00.00.model-manager-personal', personal],
  ['2026.12.03T00.00.00.model-manager-version-stage', versionStage],
  ['2026.12.04T00.00.00.model-manager-role-defaults', roleDefaults],
  ['2026.12.06T00.00.00.model-manager-outcome-bounds', outcomeBounds],
  ['2026.12.07T00.00.00.model-manager-monitoring', monitoring],
  ['2026.12.07T06.00.00.model-manager-retraining', retraining],
];

/** Steps on the content types' own tables, which exist only once Strapi has synced them; idempotent, run at every boot. */
const AFTER_SYNC: Array<{ up: (knex: Knex) => Promise<void> }> = [indexes, versionTitles];

/** The plugin's whole schema: everything the content types do not declare is here, nowhere else. */
export function registerSchema(strapi: Core.Strapi) {
  for (const [name, { up, down }] of MIGRATIONS) {
    strapi.db.migrations.providers.internal.register({
      name,
      up: (knex: Knex) => up(knex),
      down: (knex: Knex) => down(knex),
    } as never);
  }
  strapi.hook('strapi::content-types.afterSync').register(async () => {
    for (const step of AFTER_SYNC) await step.up(strapi.db.connection);
  });
}
