import { randomBytes } from 'crypto';
import os from 'os';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';
import { UIDS } from '../../../../shared/constants';
import type { Actor } from '../../../../shared/contracts/models';
import type {
  CreateTrainingRunInput,
  TrainingRunSummary,
} from '../../../../shared/contracts/training';
import { parseTrainParams, TrainParamsError, type TrainParams } from '../../ml';
import { executeRun, RunAborted } from '../../training/execute-run';
import { checkDatasets, trainParamsErrorField, TrainingError } from '../../training/run-plan';
import { fromRanges, type RowsLineage } from '../../training/lineage';
import { RunLog, toRunSummary } from '../../training/run-summary';
import {
  expiredRuns,
  queuedRuns,
  RUNS,
  runningModelIds,
} from '../../database/repositories/training-runs';
import { conflict } from '../../utils/errors';
import type { Dataset } from '../feedback/feedback';
import { getService } from '../../utils/get-service';
import { pluginConfig } from '../../utils/plugin-config';
import { outsideCallers } from '../../utils/transaction-context';
import { fieldError } from '../../utils/validate';
import { lockModelRow } from '../../database/repositories/models';

export const LEASE_EXPIRED = 'lease expired: the instance running it stopped';
export const SHUT_DOWN = 'instance shut down';

interface ActiveRun {
  id: number;
  documentId: string;
  abort: AbortController;
  done: Promise<void>;
}

const dataFieldError = (field: string | null, message: string) =>
  fieldError(field ? ['data', field] : ['data'], message);

/**
 * Training runs: queued by anyone with the train permission, claimed by exactly one instance
 * through an atomic update, executed in a child process, stored as a candidate version.
 *
 * Every instance polls for queued runs and takes one when it has none going; a run of a model
 * waits while another run of that model is running (on any instance). The claiming instance
 * holds a lease it renews by heartbeat; a run whose lease expired (its instance died) is failed
 * by whichever instance notices first, at boot or while polling. Failing rather than re-queueing
 * is deliberate: a run that kills its instance (out of memory, say) would otherwise kill every
 * instance in turn; re-queueing is one POST away for whoever reads the error.
 */
const createTrainingService = ({ strapi }: { strapi: Core.Strapi }) => {
  const instanceId = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const knex = (): Knex => strapi.db.connection;
  const config = () => pluginConfig(strapi);
  const runs = () => strapi.documents(UIDS.trainingRun);
  const leaseUntil = () => new Date(Date.now() + config().trainingLeaseMs);
  /** Rows of a run this instance still holds: an update touching none means it no longer does. */
  const held = (id: number, db: Knex = knex()) =>
    db(RUNS).where({ id, claimed_by: instanceId, status: 'running' });

  let timer: ReturnType<typeof setInterval> | null = null;
  let polling = false;
  let stopping = false;
  let ticking: Promise<void> | null = null;
  let tickAgain = false;
  let active: ActiveRun | null = null;

  async function findRun(documentId: string) {
    return runs().findOne({ documentId, populate: { model: { fields: ['slug'] } } });
  }

  /**
   * Claims a queued run for this instance. The model's row is locked first, so two instances
   * claiming runs of one model take turns and the second sees the first's run as running (a
   * lone NOT EXISTS in the UPDATE could let both through under PostgreSQL's snapshot reads).
   */
  async function tryClaim(runId: number, modelId: number, claimant = instanceId): Promise<boolean> {
    return strapi.db.transaction(async ({ trx }) => {
      await lockModelRow(trx, modelId);
      const running = await strapi.db
        .query(UIDS.trainingRun)
        .count({ where: { status: 'running', model: { id: modelId } } });
      if (running > 0) return false;
      const now = new Date();
      const claimed = await trx(RUNS).where({ id: runId, status: 'queued' }).update({
        status: 'running',
        claimed_by: claimant,
        lease_expires_at: leaseUntil(),
        started_at: now,
        updated_at: now,
        phase: 'dataset',
        progress: 0,
      });
      return claimed === 1;
    });
  }

  async function failQueued(runId: number, logs: unknown, message: string) {
    const log = new RunLog(logs).add(`failed: ${message}`);
    const now = new Date();
    await knex()(RUNS).where({ id: runId, status: 'queued' }).update({
      status: 'failed',
      error: message,
      finished_at: now,
      updated_at: now,
      logs: log.toJSON(),
    });
  }

  /** Takes the oldest queued run whose model has nothing running, and starts it. */
  async function claimNext(): Promise<boolean> {
    const queued = await queuedRuns(strapi, 50);
    if (!queued.length) return false;
    const busy = new Set(await runningModelIds(strapi));
    for (const run of queued) {
      if (!run.model) {
        await failQueued(run.id, run.logs, 'Its model no longer exists.');
        continue;
      }
      if (busy.has(run.model.id) || !(await tryClaim(run.id, run.model.id))) continue;
      const current: ActiveRun = {
        id: run.id,
        documentId: run.documentId,
        abort: new AbortController(),
        done: Promise.resolve(),
      };
      active = current;
      current.done = executeRun(
        { strapi, instanceId, held, leaseUntil },
        run.id,
        run.documentId,
        current.abort
      ).finally(() => {
        if (active === current) active = null;
        wake();
      });
      return true;
    }
    return false;
  }

  function tick(): Promise<void> {
    // After stop() nothing may touch the database: it is about to close.
    if (stopping) return ticking ?? Promise.resolve();
    if (ticking) {
      tickAgain = true;
      return ticking;
    }
    // never through a caller's transaction: a retraining decision queues its run in one, and a
    // claim riding it could be committed with it and leave the run claimed but never executed
    ticking = outsideCallers(async () => {
      do {
        tickAgain = false;
        if (stopping) break;
        try {
          await service.recoverStaleRuns();
          if (!active && polling && !stopping) await claimNext();
        } catch (error) {
          strapi.log.error(`[model-manager] training poller: ${(error as Error).message}`);
        }
      } while (tickAgain && polling && !stopping);
    }).finally(() => {
      ticking = null;
    });
    return ticking;
  }

  /** Looks for work now rather than at the next poll. */
  function wake() {
    if (polling && !stopping) setImmediate(() => polling && !stopping && void tick());
  }

  const service = {
    instanceId,

    /** Queues a run (the response of a 202); parameters are checked now, the data when it starts. */
    async queue(
      slug: string,
      input: CreateTrainingRunInput,
      actor: Actor
    ): Promise<TrainingRunSummary> {
      const model = await getService(strapi, 'models').requireModel(slug);
      const { datasets, notes, ...trainer } = input;
      let params: TrainParams;
      try {
        params = parseTrainParams(trainer);
      } catch (error) {
        if (error instanceof TrainParamsError)
          throw dataFieldError(trainParamsErrorField(error.message), error.message);
        throw error;
      }
      try {
        checkDatasets(datasets, model.evaluationDataset);
      } catch (error) {
        if (error instanceof TrainingError) throw dataFieldError('datasets', error.message);
        throw error;
      }
      const parameters = {
        ...params,
        ...(datasets ? { datasets } : {}),
        ...(notes ? { notes } : {}),
      };
      const log = new RunLog().add(`queued by ${actor.kind} ${actor.name}`);
      const run = await runs().create({
        data: {
          model: model.documentId,
          status: 'queued',
          progress: 0,
          phase: 'queued',
          parameters,
          requestedByActor: actor,
          logs: log.lines,
        },
        populate: { model: { fields: ['slug'] } },
      });
      wake();
      return toRunSummary(run);
    },

    async get(documentId: string): Promise<TrainingRunSummary> {
      const run = await findRun(documentId);
      if (!run)
        throw new errors.NotFoundError(`No training run "${documentId}"`, { id: documentId });
      return toRunSummary(run);
    },

    /** A model's runs, newest first (the latest 100). */
    async list(slug: string): Promise<TrainingRunSummary[]> {
      const model = await getService(strapi, 'models').requireModel(slug);
      const docs = await runs().findMany({
        filters: { model: { documentId: model.documentId } },
        sort: ['createdAt:desc', 'id:desc'],
        limit: 100,
        populate: { model: { fields: ['slug'] } },
      });
      return docs.map(toRunSummary);
    },

    /**
     * Fails every run left running whose lease expired: its instance stopped without finishing.
     * Each update re-checks the lease, so instances racing to recover one run fail it once.
     */
    async recoverStaleRuns(): Promise<string[]> {
      const now = new Date();
      const expired = (q: Knex.QueryBuilder) =>
        q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<', now);
      const stale = await expiredRuns(knex(), expired);
      const recovered: string[] = [];
      for (const run of stale) {
        if (active?.id === run.id) continue;
        const log = new RunLog(run.logs).add(
          `${LEASE_EXPIRED} (held by ${run.claimed_by ?? 'nobody'}); failed by ${instanceId}`
        );
        const count = await knex()(RUNS)
          .where({ id: run.id, status: 'running' })
          .andWhere(expired)
          .update({
            status: 'failed',
            error: LEASE_EXPIRED,
            finished_at: now,
            updated_at: now,
            lease_expires_at: null,
            logs: log.toJSON(),
          });
        if (count) {
          recovered.push(run.document_id);
          strapi.log.warn(
            `[model-manager] training run ${run.document_id} failed: ${LEASE_EXPIRED} (${run.claimed_by ?? 'unclaimed'})`
          );
        }
      }
      return recovered;
    },

    /** Boot: fails what a dead instance left running, then polls. */
    async start(): Promise<void> {
      stopping = false;
      await this.recoverStaleRuns();
      this.startPolling();
    },

    startPolling() {
      if (polling) return;
      polling = true;
      timer = setInterval(() => void tick(), config().trainingPollMs);
      timer.unref?.();
      wake();
    },

    /** Stops looking for work; a run in progress goes on. */
    stopPolling() {
      polling = false;
      if (timer) clearInterval(timer);
      timer = null;
    },

    /** One poll now: recover stale runs, claim one if idle. Resolves when the claim (not the run) is done. */
    poll: () => tick(),

    /** The run this instance is executing, if any. */
    activeRun(): { documentId: string; done: Promise<void> } | null {
      return active ? { documentId: active.documentId, done: active.done } : null;
    },

    /** Shutdown: no new claims; the running worker is terminated and its run failed ("instance shut down"). */
    async stop(): Promise<void> {
      stopping = true;
      this.stopPolling();
      if (ticking) await ticking;
      const current = active;
      if (current) {
        current.abort.abort(new RunAborted(SHUT_DOWN));
        await current.done;
      }
    },

    /**
     * The exact rows a trained version learnt from, read back by the feedback ids its lineage
     * records. `intact` is false when any of them changed or was deleted since (the content hash
     * no longer matches): the set can then no longer be rebuilt exactly, and this says so.
     */
    async trainingSet(
      slug: string,
      versionNumber: number
    ): Promise<{ rows: Dataset['rows']; size: number; contentHash: string; intact: boolean }> {
      const { model, version } = await getService(strapi, 'registry').requireVersion(
        slug,
        versionNumber
      );
      const recorded = (version.lineage as { feedback?: RowsLineage } | null)?.feedback;
      if (!recorded)
        throw conflict(
          `Version ${versionNumber} of "${slug}" records no training rows (it was uploaded, or trained before lineage kept them).`,
          { slug, version: versionNumber }
        );
      const data = await getService(strapi, 'feedback').dataset(model, {
        ids: fromRanges(recorded.idRanges),
      });
      return {
        rows: data.rows,
        size: data.size,
        contentHash: data.contentHash,
        intact: data.contentHash === recorded.contentHash && data.size === recorded.count,
      };
    },

    /** Exposed for tests of the claim: the atomic update an instance wins or loses. */
    tryClaim,
  };
  return service;
};

export type TrainingService = ReturnType<typeof createTrainingService>;
export default createTrainingService;
