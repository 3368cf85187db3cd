import { randomBytes } from 'crypto';
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';
import { MODEL_EVENTS, UIDS } from '../../../shared/constants';
import type { Actor } from '../../../shared/contracts/models';
import type { CreateTrainingRunInput, TrainingRunSummary } from '../../../shared/contracts/training';
import { parseTrainParams, TrainParamsError, type TrainParams } from '../ml';
import { checkDatasets, checkTrainingData, overallProgress, planRun, trainParamsErrorField, TrainingError, type Stage } from '../training/run-plan';
import { RunLog, toRunSummary, type RunDoc } from '../training/run-summary';
import { runTrainingWorker } from '../training/run-worker';
import { ThrottledWriter } from '../training/throttle';
import { getService } from '../utils/get-service';
import { pluginConfig } from '../utils/plugin-config';
import type { Doc } from './serialize';

const RUNS = 'mm_training_runs';
/** The compiled worker entry sits beside the compiled services: dist/.../server/src/training/worker.js. */
const WORKER_FILE = path.join(__dirname, '..', 'training', 'worker.js');
/** Progress writes per run: at most one every 250 ms (4 a second), the latest progress wins. */
const PROGRESS_WRITE_MS = 250;
const TRAINER = 'model-manager ml';

export const LEASE_EXPIRED = 'lease expired: the instance running it stopped';
export const SHUT_DOWN = 'instance shut down';
const LEASE_LOST = 'lease lost: another instance took the run over or failed it';

/** Why this instance stopped a run itself (the abort reason); the message is saved on the run. */
class RunAborted extends Error {}

interface ActiveRun {
  id: number;
  documentId: string;
  abort: AbortController;
  done: Promise<void>;
}

function fieldError(field: string | null, message: string): errors.ValidationError {
  const at = field ? ['data', field] : ['data'];
  return new errors.ValidationError(`${at.join('.')}: ${message}`, { errors: [{ path: at, message, name: 'ValidationError' }] });
}

const fixed = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

/**
 * Training runs: queued by anyone with the train permission, claimed by exactly one instance
 * through an atomic update, executed in a worker thread, stored as a candidate version.
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
  const held = (id: number, db: Knex = knex()) => db(RUNS).where({ id, claimed_by: instanceId, status: 'running' });

  let timer: ReturnType<typeof setInterval> | null = null;
  let polling = false;
  let stopping = false;
  let ticking: Promise<void> | null = null;
  let tickAgain = false;
  let active: ActiveRun | null = null;

  async function findRun(documentId: string): Promise<RunDoc | null> {
    return (await runs().findOne({ documentId, populate: { model: { fields: ['slug'] } } as never })) as RunDoc | null;
  }

  /**
   * Claims a queued run for this instance. The model's row is locked first, so two instances
   * claiming runs of one model take turns and the second sees the first's run as running (a
   * lone NOT EXISTS in the UPDATE could let both through under PostgreSQL's snapshot reads).
   */
  async function tryClaim(runId: number, modelId: number, claimant = instanceId): Promise<boolean> {
    return strapi.db.transaction(async ({ trx }) => {
      await trx('mm_models').where({ id: modelId }).update({ updated_at: trx.ref('updated_at') });
      const running = await strapi.db.query(UIDS.trainingRun).count({ where: { status: 'running', model: { id: modelId } } });
      if (running > 0) return false;
      const now = new Date();
      const claimed = await trx(RUNS)
        .where({ id: runId, status: 'queued' })
        .update({ status: 'running', claimed_by: claimant, lease_expires_at: leaseUntil(), started_at: now, updated_at: now, phase: 'dataset', progress: 0 });
      return claimed === 1;
    });
  }

  async function failQueued(runId: number, logs: unknown, message: string) {
    const log = new RunLog(logs).add(`failed: ${message}`);
    const now = new Date();
    await knex()(RUNS).where({ id: runId, status: 'queued' }).update({ status: 'failed', error: message, finished_at: now, updated_at: now, logs: log.toJSON() });
  }

  async function execute(runId: number, documentId: string, abort: AbortController): Promise<void> {
    const startedAt = Date.now();
    let log = new RunLog();
    let phase = 'dataset';
    let progress = 0;
    const lost = () => abort.abort(new RunAborted(LEASE_LOST));
    const save = async (fields: Record<string, unknown> = {}) => {
      const now = new Date();
      const count = await held(runId).update({ phase, progress, ...fields, lease_expires_at: leaseUntil(), updated_at: now, logs: log.toJSON() });
      if (!count) lost();
    };
    const writer = new ThrottledWriter<null>(() => save(), PROGRESS_WRITE_MS, (error) =>
      strapi.log.warn(`[model-manager] training run ${documentId}: progress not saved: ${(error as Error).message}`)
    );
    const step = (stage: Stage, fraction = 0, name: string = stage) => {
      phase = name;
      progress = overallProgress(stage, fraction);
      writer.offer(null);
    };
    const leaseMs = config().trainingLeaseMs;
    let beat: Promise<unknown> = Promise.resolve();
    const heartbeat = setInterval(() => {
      beat = held(runId)
        .update({ lease_expires_at: leaseUntil() })
        .then((count) => count || lost(), (error) => strapi.log.warn(`[model-manager] training run ${documentId}: heartbeat failed: ${error.message}`));
    }, Math.max(10, Math.floor(leaseMs / 3)));
    const checkpoint = () => abort.signal.throwIfAborted();
    let modelSlug: string | null = null;

    try {
      const run = (await runs().findOne({ documentId, populate: { model: true } as never })) as RunDoc | null;
      log = new RunLog(run?.logs).add(`claimed by ${instanceId}`);
      const model = run?.model as Doc | null | undefined;
      if (!model) throw new TrainingError('Its model no longer exists.');
      modelSlug = model.slug as string;
      const plan = planRun(run?.parameters);
      const evaluationDataset = (model.evaluationDataset as string | null) ?? null;
      checkDatasets(plan.datasets, evaluationDataset);

      step('dataset');
      const data = await getService(strapi, 'feedback').dataset(model, { datasets: plan.datasets ?? undefined, excludeDataset: evaluationDataset });
      checkpoint();
      const source = plan.datasets ? `datasets ${plan.datasets.join(', ')}` : evaluationDataset ? `every dataset except "${evaluationDataset}"` : 'every dataset';
      log.add(`dataset frozen: ${data.size} rows from ${source} (sha256 ${data.hash})`);
      await save({ dataset_size: data.size, dataset_hash: data.hash });
      checkTrainingData(data.rows, model.labels as string[], config().trainingMinRows);

      // Frozen here too; scored in the worker, so the event loop never runs the evaluation.
      const evaluationSet = await getService(strapi, 'evaluation').evaluationSet(model);
      checkpoint();

      step('train');
      const trained = await runTrainingWorker({
        file: WORKER_FILE,
        job: {
          rows: data.rows,
          params: plan.params,
          metadata: { training_dataset_hash: data.hash },
          evaluation: evaluationSet ? { name: evaluationSet.name, rows: evaluationSet.rows } : null,
          onnx: { intraOpNumThreads: config().intraOpNumThreads, interOpNumThreads: config().interOpNumThreads, chunkSize: config().runChunkSize },
        },
        signal: abort.signal,
        maxMemoryMb: config().trainingWorkerMemoryMb,
        onProgress: (message) =>
          message.stage === 'train' ? step('train', message.fraction, message.phase === 'done' ? phase : message.phase) : step(message.stage),
      });
      const { samples, vocabularySize, iterations, converged, timings } = trained.summary;
      log.add(
        `trained on ${samples} rows in ${Math.round(timings.totalMs)} ms: vocabulary ${vocabularySize}, ${iterations} iterations${converged ? '' : ' (not converged)'}; ONNX artifact ${trained.bytes.byteLength} bytes`
      );

      const { signature, metrics } = trained;
      if (metrics && evaluationSet) {
        log.add(
          `evaluated on "${evaluationSet.name}" (${evaluationSet.size} rows): accuracy ${fixed(metrics.accuracy)}, macro-F1 ${fixed(metrics.macroF1)}, AUC ${fixed(metrics.auc)}`
        );
      } else {
        log.add('the model has no evaluation set: the version has no metrics');
      }
      checkpoint();

      step('store');
      writer.cancel();
      await writer.settled();
      const bytes = trained.bytes;
      const lineage = {
        trainingRun: documentId,
        datasetSize: data.size,
        datasetHash: data.hash,
        datasets: plan.datasets,
        excludedDataset: evaluationDataset,
        parameters: plan.params as TrainParams,
        durationMs: Date.now() - startedAt,
        trainer: TRAINER,
        training: trained.summary,
      };
      // The version and the run's success commit together: a run never claims a version it lost, nor the reverse.
      const storedNumber = await strapi.db.transaction(async ({ trx }) => {
        if (!(await held(runId, trx).update({ phase: 'store', updated_at: new Date() }))) throw new RunAborted(LEASE_LOST);
        const version = await getService(strapi, 'registry').storeVersion(model, {
          bytes,
          hash: getService(strapi, 'artifacts').hashOf(bytes),
          signature,
          source: 'training',
          actor: (run?.requestedByActor as Actor) ?? { kind: 'system', id: null, name: 'training' },
          lineage,
          metrics: metrics as Record<string, unknown> | null,
          notes: plan.notes ?? undefined,
        });
        log.add(`stored as version ${version.number} (candidate) in ${Date.now() - startedAt} ms`);
        const now = new Date();
        await trx(RUNS)
          .where({ id: runId })
          .update({ status: 'succeeded', progress: 1, phase: 'done', result_version: version.number, finished_at: now, updated_at: now, lease_expires_at: null, logs: log.toJSON() });
        return version.number;
      });
      getService(strapi, 'events').emit(MODEL_EVENTS.trainingSucceeded, { model: model.slug, version: storedNumber, run: documentId, status: 'candidate' });
    } catch (error) {
      writer.cancel();
      await writer.settled();
      const reason = abort.signal.aborted ? abort.signal.reason : error;
      const message = reason instanceof Error ? reason.message : String(reason);
      if (!(reason instanceof TrainingError || reason instanceof RunAborted || reason instanceof TrainParamsError)) {
        strapi.log.error(`[model-manager] training run ${documentId} failed: ${(reason as Error)?.stack ?? message}`);
      }
      log.add(`failed during ${phase}: ${message}`);
      const now = new Date();
      try {
        await held(runId).update({ status: 'failed', error: message, finished_at: now, updated_at: now, lease_expires_at: null, logs: log.toJSON() });
        getService(strapi, 'events').emit(MODEL_EVENTS.trainingFailed, { model: modelSlug ?? '', run: documentId, error: message });
      } catch (writeError) {
        strapi.log.error(`[model-manager] training run ${documentId}: could not save its failure: ${(writeError as Error).message}`);
      }
    } finally {
      clearInterval(heartbeat);
      // Nothing of this run may still be querying once it is done (shutdown closes the database next).
      await beat;
    }
  }

  /** Takes the oldest queued run whose model has nothing running, and starts it. */
  async function claimNext(): Promise<boolean> {
    const queued = (await strapi.db.query(UIDS.trainingRun).findMany({
      where: { status: 'queued' },
      select: ['id', 'documentId', 'logs'],
      populate: { model: { select: ['id'] } },
      orderBy: { id: 'asc' },
      limit: 50,
    })) as Array<{ id: number; documentId: string; logs: unknown; model: { id: number } | null }>;
    if (!queued.length) return false;
    const running = (await strapi.db.query(UIDS.trainingRun).findMany({
      where: { status: 'running' },
      select: ['id'],
      populate: { model: { select: ['id'] } },
    })) as Array<{ model: { id: number } | null }>;
    const busy = new Set(running.map((r) => r.model?.id));
    for (const run of queued) {
      if (!run.model) {
        await failQueued(run.id, run.logs, 'Its model no longer exists.');
        continue;
      }
      if (busy.has(run.model.id) || !(await tryClaim(run.id, run.model.id))) continue;
      const current: ActiveRun = { id: run.id, documentId: run.documentId, abort: new AbortController(), done: Promise.resolve() };
      active = current;
      current.done = execute(run.id, run.documentId, current.abort).finally(() => {
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
    ticking = (async () => {
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
    })().finally(() => {
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
    async queue(slug: string, input: CreateTrainingRunInput, actor: Actor): Promise<TrainingRunSummary> {
      const model = await getService(strapi, 'models').requireModel(slug);
      const { datasets, notes, ...trainer } = input;
      let params: TrainParams;
      try {
        params = parseTrainParams(trainer);
      } catch (error) {
        if (error instanceof TrainParamsError) throw fieldError(trainParamsErrorField(error.message), error.message);
        throw error;
      }
      try {
        checkDatasets(datasets, model.evaluationDataset);
      } catch (error) {
        if (error instanceof TrainingError) throw fieldError('datasets', error.message);
        throw error;
      }
      const parameters = { ...params, ...(datasets ? { datasets } : {}), ...(notes ? { notes } : {}) };
      const log = new RunLog().add(`queued by ${actor.kind} ${actor.name}`);
      const run = (await runs().create({
        data: { model: model.documentId, status: 'queued', progress: 0, phase: 'queued', parameters, requestedByActor: actor, logs: log.lines } as never,
        populate: { model: { fields: ['slug'] } } as never,
      })) as RunDoc;
      wake();
      return toRunSummary(run);
    },

    async get(documentId: string): Promise<TrainingRunSummary> {
      const run = await findRun(documentId);
      if (!run) throw new errors.NotFoundError(`No training run "${documentId}"`, { id: documentId });
      return toRunSummary(run);
    },

    /** A model's runs, newest first (the latest 100). */
    async list(slug: string): Promise<TrainingRunSummary[]> {
      const model = await getService(strapi, 'models').requireModel(slug);
      const docs = (await runs().findMany({
        filters: { model: { documentId: model.documentId } },
        sort: ['createdAt:desc', 'id:desc'],
        limit: 100,
        populate: { model: { fields: ['slug'] } } as never,
      })) as RunDoc[];
      return docs.map(toRunSummary);
    },

    /**
     * Fails every run left running whose lease expired: its instance stopped without finishing.
     * Each update re-checks the lease, so instances racing to recover one run fail it once.
     */
    async recoverStaleRuns(): Promise<string[]> {
      const now = new Date();
      const expired = (q: Knex.QueryBuilder) => q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<', now);
      const stale = (await knex()(RUNS).where({ status: 'running' }).andWhere(expired).select('id', 'document_id', 'claimed_by', 'logs')) as Array<{
        id: number;
        document_id: string;
        claimed_by: string | null;
        logs: unknown;
      }>;
      const recovered: string[] = [];
      for (const run of stale) {
        if (active?.id === run.id) continue;
        const log = new RunLog(run.logs).add(`${LEASE_EXPIRED} (held by ${run.claimed_by ?? 'nobody'}); failed by ${instanceId}`);
        const count = await knex()(RUNS)
          .where({ id: run.id, status: 'running' })
          .andWhere(expired)
          .update({ status: 'failed', error: LEASE_EXPIRED, finished_at: now, updated_at: now, lease_expires_at: null, logs: log.toJSON() });
        if (count) {
          recovered.push(run.document_id);
          strapi.log.warn(`[model-manager] training run ${run.document_id} failed: ${LEASE_EXPIRED} (${run.claimed_by ?? 'unclaimed'})`);
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

    /** Exposed for tests of the claim: the atomic update an instance wins or loses. */
    tryClaim,
  };
  return service;
};

export type TrainingService = ReturnType<typeof createTrainingService>;
export default createTrainingService;
