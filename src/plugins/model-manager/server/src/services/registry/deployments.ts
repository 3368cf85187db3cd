import type { Core, Data } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { Actor } from '../../../../shared/contracts/models';
import type { Deployment, ServedAt } from '../../../../shared/contracts/deployments';
import { conflict, isUniqueViolation } from '../../utils/errors';
import { rowId } from '../../types/documents';
import {
  championOf,
  championsTable,
  deploymentsTable,
  type DeploymentRow,
  type NewDeployment,
} from '../../database/repositories/deployments';

export interface Champion {
  deploymentId: number;
  versionId: number;
  versionNumber: number;
  /** the champion deployment a rollback of this one restores, if any */
  rollbackTo: number | null;
}

/** A version row or document: its id and number are what a deployment records. */
/** What a deployment records of a version: a document or a row of it. */
type VersionRef = { id: Data.ID; number?: number | null };

interface Start {
  modelId: number;
  version: VersionRef;
  cause: 'promote' | 'rollback';
  actor: Actor;
  rollbackTo: number | null;
}

const toDeployment = (row: DeploymentRow): Deployment => ({
  id: row.id,
  version: row.version_number,
  role: row.role,
  event: row.event,
  cause: row.cause,
  trafficShare: row.traffic_share == null ? null : Number(row.traffic_share),
  actor: row.actor ? (JSON.parse(row.actor) as Actor) : null,
  at: new Date(Number(row.at_ms)).toISOString(),
});

/**
 * What served when, per model (mm_deployments, append-only: rows are inserted, never updated),
 * and the model's current champion (mm_champions, one row per model). Writers run inside the
 * lifecycle's transaction, which holds the model's row lock.
 */
const createDeploymentsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const append = (trx: Knex.Transaction, row: NewDeployment) => deploymentsTable(trx).insert(row);

  return {
    champion(trx: Knex.Transaction | Knex, modelId: number): Promise<Champion | null> {
      return championOf(trx, modelId);
    },

    async byId(trx: Knex.Transaction | Knex, id: number): Promise<Champion | null> {
      const row = await deploymentsTable(trx).byId(id);
      return row
        ? {
            deploymentId: row.id,
            versionId: row.version_id,
            versionNumber: row.version_number,
            rollbackTo: row.rollback_to,
          }
        : null;
    },

    /**
     * Records a new champion deployment and makes it current, replacing exactly `replaced` (the
     * champion the caller judged, or none). If another transaction changed the champion meanwhile,
     * the database refuses (no row to replace, or a second row for the model) and this is a 409.
     */
    async startChampion(
      trx: Knex.Transaction,
      start: Start,
      replaced: Champion | null
    ): Promise<number> {
      const deploymentId = await append(trx, {
        model_id: start.modelId,
        version_id: rowId(start.version),
        version_number: Number(start.version.number),
        role: 'champion',
        event: 'start',
        cause: start.cause,
        traffic_share: null,
        rollback_to: start.rollbackTo,
        actor: start.actor,
      });
      const champion = { version_id: rowId(start.version), deployment_id: deploymentId };
      const raced = () =>
        conflict('Another change to what this model serves happened at the same time; try again.', {
          modelId: start.modelId,
        });
      if (replaced) {
        if (!(await championsTable(trx).replace(start.modelId, replaced.deploymentId, champion)))
          throw raced();
      } else {
        try {
          await championsTable(trx).insert(start.modelId, champion);
        } catch (error) {
          if (isUniqueViolation(error)) throw raced();
          throw error;
        }
      }
      return deploymentId;
    },

    async challenger(
      trx: Knex.Transaction,
      input: {
        modelId: number;
        version: VersionRef;
        event: 'start' | 'stop';
        cause: string;
        trafficShare: number | null;
        actor: Actor;
      }
    ) {
      await append(trx, {
        model_id: input.modelId,
        version_id: rowId(input.version),
        version_number: Number(input.version.number),
        role: 'challenger',
        event: input.event,
        cause: input.cause,
        traffic_share: input.trafficShare,
        rollback_to: null,
        actor: input.actor,
      });
    },

    async history(modelId: number): Promise<Deployment[]> {
      const rows = await deploymentsTable(strapi.db.connection).history(modelId, {
        newestFirst: true,
        limit: 1000,
      });
      return rows.map(toDeployment);
    },

    /** Traffic shares of the challengers serving now, replayed from the history inside the caller's transaction (version number -> share). */
    async challengerShares(trx: Knex.Transaction, modelId: number): Promise<Map<number, number>> {
      const rows = await deploymentsTable(trx).shareEvents(modelId);
      const shares = new Map<number, number>();
      for (const row of rows) {
        if (row.role === 'champion') shares.delete(row.version_number);
        else if (row.event === 'start')
          shares.set(row.version_number, Number(row.traffic_share ?? 0));
        else shares.delete(row.version_number);
      }
      return shares;
    },

    /** Which versions served the model at an instant, replayed from its history up to then. */
    async servedAt(modelId: number, at: Date): Promise<ServedAt> {
      const rows = await deploymentsTable(strapi.db.connection).history(modelId, {
        newestFirst: false,
        until: at.getTime(),
      });
      let champion: DeploymentRow | null = null;
      const challengers = new Map<number, DeploymentRow>();
      for (const row of rows) {
        if (row.role === 'champion') {
          champion = row;
          challengers.delete(row.version_number); // a promoted challenger serves as champion now
        } else if (row.event === 'start') challengers.set(row.version_number, row);
        else challengers.delete(row.version_number);
      }
      return {
        at: at.toISOString(),
        champion: champion ? toDeployment(champion) : null,
        challengers: [...challengers.values()]
          .sort((a, b) => a.version_number - b.version_number)
          .map(toDeployment),
      };
    },
  };
};

export type DeploymentsService = ReturnType<typeof createDeploymentsService>;
export default createDeploymentsService;
