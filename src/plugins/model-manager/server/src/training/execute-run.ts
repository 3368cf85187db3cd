import path from 'path';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { MODEL_EVENTS, UIDS } from '../../../shared/constants';
import type { AgreementSummary } from '../../../shared/contracts/collective';
import type { TrainingSources } from '../../../shared/contracts/training';
import type { Actor } from '../../../shared/contracts/models';
import { TrainParamsError, type TrainParams } from '../ml';
import { stored } from '../types/documents';
import { getService } from '../utils/get-service';
import { pluginConfig } from '../utils/plugin-config';
import {
  checkDatasets,
  checkTrainingData,
  overallProgress,
  planRun,
  TrainingError,
  type Stage,
} from './run-plan';
import { RunLog, thinCurve } from './run-summary';
import { rowsLineage, splitForEvaluation } from './split';
import { runTrainingWorker } from './run-worker';
import { ThrottledWriter } from './throttle';
import { RUNS } from '../database/repositories/training-runs';

/** The compiled worker entry sits beside this file: dist/.../server/src/training/worker.js. */
const WORKER_FILE = path.join(__dirname, 'worker.js');
/** Progress writes per run: at most one every 250 ms (4 a second), the latest progress wins. */
const PROGRESS_WRITE_MS = 250;
const TRAINER = 'model-manager ml';
export const LEASE_LOST = 'lease lost: another instance took the run over or failed it';

/** Why this instance stopped a run itself (the abort reason); the message is saved on the run. */
export class RunAborted extends Error {}

/** What executing a run needs from the training service that claimed it. */
export interface RunContext {
  strapi: Core.Strapi;
  instanceId: string;
  /** Rows of a run this instance still holds: an update touching none means it no longer does. */
  held: (id: number, db?: Knex) => Knex.QueryBuilder;
  leaseUntil: () => Date;
}

const fixed = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

/**
 * Executes one claimed run: freezes its data, trains, exports, validates and evaluates in a
 * child process (onnxruntime in a child process of its own: export-check.ts), then stores the
 * candidate version and the run's success in one transaction.
 * Progress is saved at most 4 times a second and the lease renewed by heartbeat; every write is
 * conditional on this instance still holding the run, and losing it aborts the run.
 */
export async function executeRun(
  context: RunContext,
  runId: number,
  documentId: string,
  abort: AbortController
): Promise<void> {
  const { strapi, instanceId, held, leaseUntil } = context;
  const config = () => pluginConfig(strapi);
  const runs = () => strapi.documents(UIDS.trainingRun);
  const startedAt = Date.now();
  let log = new RunLog();
  let phase = 'dataset';
  let progress = 0;
  let lossCurve: Array<[number, number]> = [];
  const lost = () => abort.abort(new RunAborted(LEASE_LOST));
  const save = async (fields: Record<string, unknown> = {}) => {
    const now = new Date();
    const count = await held(runId).update({
      phase,
      progress,
      ...fields,
      lease_expires_at: leaseUntil(),
      updated_at: now,
      logs: log.toJSON(),
      loss_curve: JSON.stringify(lossCurve),
    });
    if (!count) lost();
  };
  const writer = new ThrottledWriter<null>(
    () => save(),
    PROGRESS_WRITE_MS,
    (error) =>
      strapi.log.warn(
        `[model-manager] training run ${documentId}: progress not saved: ${(error as Error).message}`
      )
  );
  const step = (stage: Stage, fraction = 0, name: string = stage) => {
    phase = name;
    progress = overallProgress(stage, fraction);
    writer.offer(null);
  };
  const leaseMs = config().trainingLeaseMs;
  let beat: Promise<unknown> = Promise.resolve();
  const heartbeat = setInterval(
    () => {
      beat = held(runId)
        .update({ lease_expires_at: leaseUntil() })
        .then(
          (count) => count || lost(),
          (error) =>
            strapi.log.warn(
              `[model-manager] training run ${documentId}: heartbeat failed: ${error.message}`
            )
        );
    },
    Math.max(10, Math.floor(leaseMs / 3))
  );
  const checkpoint = () => abort.signal.throwIfAborted();
  let modelSlug: string | null = null;

  try {
    const run = await runs().findOne({ documentId, populate: { model: true } });
    log = new RunLog(run?.logs).add(`claimed by ${instanceId}`);
    const model = run?.model;
    if (!model) throw new TrainingError('Its model no longer exists.');
    modelSlug = stored(model.slug);
    const plan = planRun(run?.parameters);
    const evaluationDataset = (model.evaluationDataset as string | null) ?? null;
    checkDatasets(plan.datasets, evaluationDataset);

    step('dataset');
    // The same rows the admin's readiness check counted (a collective model: its members' agreed labels).
    const { data, agreement, sources } = await getService(
      strapi,
      'training-readiness'
    ).trainingData(model, plan.datasets ?? undefined);
    checkpoint();
    if (agreement) log.add(agreementLine(agreement));
    if (sources) log.add(sourcesLine(sources));
    const source = plan.datasets
      ? `datasets ${plan.datasets.join(', ')}`
      : evaluationDataset
        ? `every dataset except "${evaluationDataset}"`
        : 'every dataset';
    log.add(`dataset frozen: ${data.size} rows from ${source} (sha256 ${data.hash})`);
    await save({
      dataset_size: data.size,
      dataset_hash: data.hash,
      ...(sources ? { sources: JSON.stringify(sources) } : {}),
    });
    checkTrainingData(data.rows, model.labels as string[], config().trainingMinRows);

    // Frozen here too; scored in the training process, so the event loop never runs the evaluation.
    const evaluationSet = await getService(strapi, 'evaluation').evaluationSet(model);
    checkpoint();
    const { training, evaluation } = splitForEvaluation(data, evaluationSet);
    if (evaluation?.kind === 'held-out split') {
      log.add(
        `no evaluation set: ${evaluation.rows.length} rows held out (whole groups, per label) to measure the version; trained on ${training.rows.length}`
      );
    }

    step('train');
    const trained = await runTrainingWorker({
      file: WORKER_FILE,
      job: {
        rows: training.rows,
        params: plan.params,
        metadata: { training_dataset_hash: data.hash },
        evaluation: evaluation && {
          name: evaluation.name,
          rows: evaluation.rows,
          kind: evaluation.kind,
        },
        onnx: {
          intraOpNumThreads: config().intraOpNumThreads,
          interOpNumThreads: config().interOpNumThreads,
          chunkSize: config().runChunkSize,
          // compiled scorers off: this process loads onnxruntime to serve anyway
          processMemoryLimitMb: config().inference.compiledScorers
            ? config().inference.processMemoryLimitMb
            : null,
        },
      },
      signal: abort.signal,
      maxMemoryMb: config().trainingWorkerMemoryMb,
      onProgress: (message) => {
        if (message.iteration !== undefined && message.loss !== undefined)
          lossCurve = thinCurve(lossCurve, [message.iteration, message.loss]);
        if (message.stage === 'train')
          step('train', message.fraction, message.phase === 'done' ? phase : message.phase);
        else step(message.stage);
      },
    });
    const { samples, vocabularySize, iterations, converged, timings } = trained.summary;
    log.add(
      `trained on ${samples} rows in ${Math.round(timings.totalMs)} ms: vocabulary ${vocabularySize}, ${iterations} iterations${converged ? '' : ' (not converged)'}; ONNX artifact ${trained.bytes.byteLength} bytes`
    );

    const { signature, metrics } = trained;
    if (metrics && evaluation) {
      log.add(
        `evaluated on ${evaluation.kind === 'held-out split' ? 'a held-out split' : `"${evaluation.name}"`} (${evaluation.rows.length} rows): accuracy ${fixed(metrics.accuracy)}, macro-F1 ${fixed(metrics.macroF1)}, AUC ${fixed(metrics.auc)}, ECE ${fixed(metrics.ece ?? null)}`
      );
    } else {
      log.add(
        'the model has no evaluation set and too little data to hold some out: the version has no metrics'
      );
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
      // Exactly the rows the version was trained on (and held out), to rebuild its training set.
      feedback: rowsLineage(training),
      heldOut: evaluation?.kind === 'held-out split' ? rowsLineage(evaluation.set) : null,
      agreement,
    };
    // The version and the run's success commit together: a run never claims a version it lost, nor the reverse.
    const storedNumber = await strapi.db.transaction(async ({ trx }) => {
      if (!(await held(runId, trx).update({ phase: 'store', updated_at: new Date() })))
        throw new RunAborted(LEASE_LOST);
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
        .update({
          status: 'succeeded',
          progress: 1,
          phase: 'done',
          result_version: version.number,
          finished_at: now,
          updated_at: now,
          lease_expires_at: null,
          logs: log.toJSON(),
          loss_curve: JSON.stringify(lossCurve),
        });
      return version.number;
    });
    getService(strapi, 'events').emit(MODEL_EVENTS.trainingSucceeded, {
      model: modelSlug,
      version: storedNumber,
      run: documentId,
      status: 'candidate',
    });
  } catch (error) {
    writer.cancel();
    await writer.settled();
    const reason = abort.signal.aborted ? abort.signal.reason : error;
    const message = reason instanceof Error ? reason.message : String(reason);
    if (
      !(
        reason instanceof TrainingError ||
        reason instanceof RunAborted ||
        reason instanceof TrainParamsError
      )
    ) {
      strapi.log.error(
        `[model-manager] training run ${documentId} failed: ${(reason as Error)?.stack ?? message}`
      );
    }
    log.add(`failed during ${phase}: ${message}`);
    const now = new Date();
    try {
      await held(runId).update({
        status: 'failed',
        error: message,
        finished_at: now,
        updated_at: now,
        lease_expires_at: null,
        logs: log.toJSON(),
      });
      getService(strapi, 'events').emit(MODEL_EVENTS.trainingFailed, {
        model: modelSlug ?? '',
        run: documentId,
        error: message,
      });
    } catch (writeError) {
      strapi.log.error(
        `[model-manager] training run ${documentId}: could not save its failure: ${(writeError as Error).message}`
      );
    }
  } finally {
    clearInterval(heartbeat);
    // Nothing of this run may still be querying once it is done (shutdown closes the database next).
    await beat;
  }
}

/** Where a global model's rows came from, as the run's log shows it. */
function sourcesLine(s: TrainingSources): string {
  const origins = Object.entries(s.byOrigin)
    .map(([origin, n]) => `${origin} ${n.rows} rows / ${n.subjects} subjects`)
    .join(', ');
  const r = s.readers;
  const readers =
    r.policy === 'excluded'
      ? `readers' labels not used (${r.labels} from ${r.accounts} accounts; the model does not train on readers)`
      : `readers' labels as capped votes: ${r.labels} from ${r.accounts} accounts (${r.weightedAccounts} with weight), ${r.subjectsKept} subjects kept (weight ${r.weight}), ${r.subjectsOverruled} left to trusted sources, ${r.subjectsUnweighted} unweighted`;
  return `sources: ${origins}; ${readers}`;
}

/** The members' agreement and estimated reliability, as the run's log shows it. */
function agreementLine(a: AgreementSummary): string {
  const members = a.members
    .map(
      (m) =>
        `${m.member} reliability ${m.reliability} decided ${m.decided} of ${m.labels} (kappa ${m.kappa ?? 'n/a'})`
    )
    .join('; ');
  const anchor =
    a.anchor.version === null
      ? 'no anchor (the base has no champion)'
      : `anchor: base version ${a.anchor.version} on ${a.anchor.subjects} subjects, decided ${a.anchor.decided}`;
  return `collective: ${a.kept} of ${a.subjects} subjects agreed (${a.ties} ties dropped); Fleiss' kappa ${a.fleissKappa ?? 'n/a'}; Dawid-Skene, ${anchor}, ${a.gold} gold; rows weigh ${a.weightSum} in all; ${members}`;
}
