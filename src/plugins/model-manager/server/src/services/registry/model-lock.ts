import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { bumpRoutingRevision } from '../../database/repositories/routing-state';
import { asRegistry } from '../../lifecycle/registry-guard';
import { getService } from '../../utils/get-service';
import type { ModelDocument } from '../../types/documents';

/** What a step of a version's lifecycle holds while the model is locked. */
export interface Locked {
  trx: Knex.Transaction;
  model: ModelDocument;
  /** runs once the transaction has committed (never on rollback) */
  afterCommit(fn: () => void): void;
  /** the routing revision is bumped in the transaction and this instance's table refreshed after commit */
  servingChanged(): void;
}

/**
 * One transaction that first locks the model's row, so lifecycle steps of one model queue behind
 * each other on PostgreSQL (SQLite has one writer anyway). Webhooks and the routing refresh run
 * after commit, and the caller's answer waits for this instance's refresh, so it reads its own write.
 */
export const modelLock = (strapi: Core.Strapi) =>
  async function inModelLock<T>(slug: string, work: (locked: Locked) => Promise<T>): Promise<T> {
    const after: Array<() => void> = [];
    const state: { serving: boolean; refresh?: Promise<void> } = { serving: false };
    const value = await asRegistry(() =>
      strapi.db.transaction(async ({ trx, onCommit }) => {
        const model = await getService(strapi, 'models').requireModel(slug);
        const lock = trx('mm_models').where({ id: model.id });
        await (strapi.db.dialect.client === 'postgres' ? lock.forUpdate() : lock).first('id');
        const result = await work({
          trx,
          model,
          afterCommit: (fn) => after.push(fn),
          servingChanged: () => (state.serving = true),
        });
        if (state.serving) await bumpRoutingRevision(trx);
        onCommit(() => {
          for (const fn of after) {
            try {
              fn();
            } catch (error) {
              strapi.log.warn(
                `[model-manager] after-commit step failed: ${(error as Error).message}`
              );
            }
          }
          // A failed refresh leaves this instance's revision behind, so its poll retries it.
          if (!state.serving) return;
          state.refresh = getService(strapi, 'routing-table')
            .refresh()
            .catch((error: Error) => {
              strapi.log.warn(
                `[model-manager] routing refresh after commit failed (the poll retries): ${error.message}`
              );
            });
        });
        return result;
      })
    );
    await state.refresh;
    return value;
  };
