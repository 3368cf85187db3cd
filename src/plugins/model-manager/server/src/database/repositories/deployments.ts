import { z } from '@strapi/utils';
import type { Knex } from 'knex';
import type { Actor } from '../../../../shared/contracts/models';
import { nullableNumber } from './rows';

/**
 * mm_deployments (database/migrations/governance.ts), read and written here only, every row it
 * reads parsed: PostgreSQL answers bigint and float columns as strings, SQLite as numbers, so the
 * schema coerces them and a service never casts a row.
 */
export const deploymentRow = z.object({
  id: z.coerce.number().int(),
  model_id: z.coerce.number().int(),
  version_id: z.coerce.number().int(),
  version_number: z.coerce.number().int(),
  role: z.enum(['champion', 'challenger']),
  event: z.enum(['start', 'stop']),
  cause: z.string(),
  traffic_share: nullableNumber,
  rollback_to: nullableNumber,
  actor: z.string().nullable(),
  at_ms: z.coerce.number(),
});
export type DeploymentRow = z.infer<typeof deploymentRow>;

const shareEvent = deploymentRow.pick({
  role: true,
  event: true,
  version_number: true,
  traffic_share: true,
});
const TABLE = 'mm_deployments';

/** A model's current champion (mm_champions) joined to the deployment that made it so. */
const championRow = z.object({
  deploymentId: z.coerce.number().int(),
  versionId: z.coerce.number().int(),
  versionNumber: z.coerce.number().int(),
  rollbackTo: nullableNumber,
});
export type ChampionRow = z.infer<typeof championRow>;

export async function championOf(db: Knex | Knex.Transaction, modelId: number) {
  const row: unknown = await db('mm_champions as c')
    .join(`${TABLE} as d`, 'd.id', 'c.deployment_id')
    .where('c.model_id', modelId)
    .first(
      'c.deployment_id as deploymentId',
      'c.version_id as versionId',
      'd.version_number as versionNumber',
      'd.rollback_to as rollbackTo'
    );
  return row ? championRow.parse(row) : null;
}

export type NewDeployment = Omit<DeploymentRow, 'id' | 'at_ms' | 'actor'> & { actor: Actor };

/** The table through a connection or the caller's transaction (writers hold the model's row lock). */
export const deploymentsTable = (db: Knex | Knex.Transaction) => ({
  /** Appends a row (the table is append-only) and returns its id. */
  async insert(row: NewDeployment): Promise<number> {
    const [inserted] = await db(TABLE)
      .insert({ ...row, actor: JSON.stringify(row.actor), at_ms: Date.now() })
      .returning('id');
    return Number(typeof inserted === 'object' ? inserted.id : inserted);
  },

  async byId(id: number): Promise<DeploymentRow | null> {
    const row: unknown = await db(TABLE).where({ id }).first();
    return row ? deploymentRow.parse(row) : null;
  },

  /** A model's history in time order (newest first when asked), up to an instant if given. */
  async history(
    modelId: number,
    options: { newestFirst: boolean; until?: number; limit?: number }
  ): Promise<DeploymentRow[]> {
    const order = options.newestFirst ? 'desc' : 'asc';
    const query = db(TABLE)
      .where({ model_id: modelId })
      .orderBy([
        { column: 'at_ms', order },
        { column: 'id', order },
      ]);
    if (options.until !== undefined) query.andWhere('at_ms', '<=', options.until);
    if (options.limit !== undefined) query.limit(options.limit);
    return z.array(deploymentRow).parse(await query);
  },

  /** What replays the challengers' traffic shares: every start and stop, in the order written. */
  async shareEvents(modelId: number) {
    const rows: unknown = await db(TABLE)
      .where({ model_id: modelId })
      .orderBy('id', 'asc')
      .select('role', 'event', 'version_number', 'traffic_share');
    return z.array(shareEvent).parse(rows);
  },
});

/** mm_champions, one row per model: the deployment serving as its champion. */
export const championsTable = (trx: Knex.Transaction) => ({
  /** Moves the champion from `deploymentId`; false if that is no longer the model's champion. */
  async replace(
    modelId: number,
    deploymentId: number,
    champion: { version_id: number; deployment_id: number }
  ): Promise<boolean> {
    const count = await trx('mm_champions')
      .where({ model_id: modelId, deployment_id: deploymentId })
      .update(champion);
    return count === 1;
  },

  /** The model's first champion (a unique violation if another transaction made one meanwhile). */
  async insert(modelId: number, champion: { version_id: number; deployment_id: number }) {
    await trx('mm_champions').insert({ model_id: modelId, ...champion });
  },
});
