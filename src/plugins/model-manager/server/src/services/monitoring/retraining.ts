import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UIDS } from '../../../../shared/constants';
import type { Actor } from '../../../../shared/contracts/models';
import type {
  RetrainingDecision,
  RetrainingPolicy,
  RetrainingReport,
} from '../../../../shared/contracts/retraining';
import { lastAlertAfter } from '../../database/repositories/monitoring';
import { lockModelRow } from '../../database/repositories/models';
import {
  allPolicies,
  insertDecision,
  lastDecision,
  latestDecisions,
  policyOf as policyRowOf,
  savePolicy,
  type DecisionRow,
} from '../../database/repositories/retraining';
import { lastRunOf } from '../../database/repositories/training-runs';
import { getService } from '../../utils/get-service';
import { pluginConfig } from '../../utils/plugin-config';
import { rowId, stored, type ModelDocument } from '../../types/documents';

const SHOWN = 20;
const HOUR_MS = 3_600_000;
const ACTOR: Actor = { kind: 'system', id: null, name: 'retraining policy' };
export const DEFAULT_RETRAINING: RetrainingPolicy = {
  enabled: false,
  newLabels: null,
  onAlert: false,
  everyHours: null,
};

type Fired = { trigger: RetrainingDecision['trigger']; detail: string };

const toDecision = (row: DecisionRow): RetrainingDecision => ({
  at: new Date(row.at_ms).toISOString(),
  trigger: row.trigger,
  outcome: row.outcome,
  detail: row.detail,
  run: row.run_document_id ?? null,
});

/**
 * Closing the loop: a model's policy queues a training run when enough new trusted labels
 * arrived, when monitoring raised an alert, or on a schedule, each counted from the model's last
 * run (or from when the policy was set). Every instance checks (on a timer, after each monitoring
 * flush, and when an editor asks); the decision is taken under a lock of the model's row and
 * re-judged there, so however many instances see a trigger at once, one run is queued.
 */
const createRetrainingService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = (): Knex => strapi.db.connection;
  let timer: NodeJS.Timeout | null = null;
  let sweeping: Promise<void> | null = null;

  async function policyOf(modelId: number) {
    const row = await policyRowOf(knex(), modelId);
    return {
      policy: row
        ? ({ ...DEFAULT_RETRAINING, ...row.policy } as RetrainingPolicy)
        : DEFAULT_RETRAINING,
      setAt: row ? row.updated_at_ms : null,
    };
  }

  const lastRun = (model: ModelDocument) => lastRunOf(strapi, rowId(model));

  /** New labels that would train the model: a global model's trusted ones (not readers' but its experts'). */
  async function newLabels(model: ModelDocument, since: number): Promise<number> {
    const where: Record<string, unknown> = {
      model: { id: rowId(model) },
      createdAt: { $gt: new Date(since) },
    };
    if (model.evaluationDataset) where.dataset = { $ne: model.evaluationDataset };
    if (model.scope === 'global') {
      const experts = [...(await getService(strapi, 'trusted-training').expertKeys(model))];
      where.$or = [
        { source: { $ne: 'reader' } },
        ...(experts.length ? [{ giverKey: { $in: experts } }] : []),
      ];
    }
    return strapi.db.query(UIDS.feedback).count({ where });
  }

  /** Where the triggers count from, what they measure, and the first that fires. */
  async function judge(
    model: ModelDocument,
    policy: RetrainingPolicy,
    setAt: number | null,
    db: Knex = knex()
  ) {
    const run = await lastRun(model);
    const since = run ? new Date(run.createdAt).getTime() : (setAt ?? Date.now());
    const labels = await newLabels(model, since);
    const active = run?.status === 'queued' || run?.status === 'running';
    let fired: Fired | null = null;
    if (policy.newLabels !== null && labels >= policy.newLabels)
      fired = { trigger: 'labels', detail: `${labels} new labels (policy: ${policy.newLabels})` };
    else if (policy.onAlert) {
      const alert = await lastAlertAfter(db, rowId(model), since);
      if (alert)
        fired = {
          trigger: 'alert',
          detail: `${alert.metric} ${alert.value.toFixed(3)} crossed ${alert.threshold} on ${alert.day}`,
        };
    }
    if (!fired && policy.everyHours !== null && Date.now() - since >= policy.everyHours * HOUR_MS)
      fired = {
        trigger: 'schedule',
        detail: `${run ? 'the last run' : 'the policy'} is over ${policy.everyHours} h old`,
      };
    return { since, labels, fired, active, parameters: run?.parameters ?? null };
  }

  async function record(
    db: Knex,
    modelId: number,
    fired: Fired,
    outcome: 'queued' | 'skipped',
    detail: string,
    run: string | null
  ) {
    if (outcome === 'skipped') {
      // a trigger that keeps firing for the same reason is written once, not every check
      const last = await lastDecision(db, modelId);
      if (last?.outcome === 'skipped' && last.trigger === fired.trigger && last.detail === detail)
        return toDecision(last);
    }
    const row: DecisionRow = {
      trigger: fired.trigger,
      outcome,
      detail,
      run_document_id: run,
      at_ms: Date.now(),
    };
    await insertDecision(db, modelId, row);
    return toDecision(row);
  }

  /**
   * Under the model's row lock: judged again (another instance may have queued meanwhile), then
   * queued. Whether the data suffices is asked before, outside it: on SQLite the transaction holds
   * the only connection, and the training data is read by services that use their own.
   */
  async function decide(
    model: ModelDocument,
    policy: RetrainingPolicy,
    setAt: number | null,
    fired: Fired
  ) {
    const readiness = await getService(strapi, 'training-readiness').readiness(model);
    if (!readiness.ready)
      return record(
        knex(),
        rowId(model),
        fired,
        'skipped',
        `${fired.detail}; ${readiness.reason}`,
        null
      );
    return strapi.db.transaction(async ({ trx }) => {
      await lockModelRow(trx, rowId(model));
      const now = await judge(model, policy, setAt, trx);
      if (!now.fired) return null;
      if (now.active)
        return record(
          trx,
          rowId(model),
          now.fired,
          'skipped',
          `${now.fired.detail}; a run is already queued or running`,
          null
        );
      // the last run's settings (or the trainer's defaults), so a policy retrains what people chose
      const { notes: _notes, ...settings } = (now.parameters ?? {}) as Record<string, unknown>;
      const run = await getService(strapi, 'training').queue(
        model.slug as string,
        { ...settings, notes: `retraining policy: ${now.fired.detail}` } as never,
        ACTOR
      );
      return record(trx, rowId(model), now.fired, 'queued', now.fired.detail, run.documentId);
    });
  }

  const service = {
    async report(slug: string): Promise<RetrainingReport> {
      const model = await getService(strapi, 'models').requireModel(slug);
      const { policy, setAt } = await policyOf(rowId(model));
      const { since, labels } = await judge(model, policy, setAt);
      const rows = await latestDecisions(knex(), rowId(model), SHOWN);
      return {
        model: stored(model.slug),
        policy,
        since: new Date(since).toISOString(),
        newLabels: labels,
        decisions: rows.map(toDecision),
      };
    },

    async setPolicy(slug: string, data: Partial<RetrainingPolicy>, by: string) {
      const model = await getService(strapi, 'models').requireModel(slug);
      const next = { ...(await policyOf(rowId(model))).policy, ...data };
      await savePolicy(knex(), rowId(model), next, by);
      return next;
    },

    /** Judges one model's policy now; the decision taken (null: off, or nothing fired). */
    async check(model: ModelDocument): Promise<RetrainingDecision | null> {
      const { policy, setAt } = await policyOf(rowId(model));
      if (!policy.enabled) return null;
      const { fired } = await judge(model, policy, setAt);
      return fired ? decide(model, policy, setAt, fired) : null;
    },

    async checkSlug(slug: string) {
      return this.check(await getService(strapi, 'models').requireModel(slug));
    },

    /** Every model with a policy on (or only `modelIds`); failures are logged, never thrown. */
    async sweep(modelIds?: number[]) {
      for (const row of await allPolicies(knex())) {
        if (modelIds && !modelIds.includes(row.model_id)) continue;
        if (!row.policy.enabled) continue;
        const model = (await strapi
          .documents(UIDS.model)
          .findFirst({ filters: { id: row.model_id } })) as ModelDocument | null;
        if (!model) continue;
        await this.check(model).catch((error: Error) =>
          strapi.log.warn(`[model-manager] retraining policy of "${model.slug}": ${error.message}`)
        );
      }
    },

    /** Sweeps every `monitoring.retrainCheckMs` (read each time, so a changed setting applies). */
    start() {
      const next = () => {
        timer = setTimeout(() => {
          sweeping = service.sweep().finally(() => {
            sweeping = null;
            if (timer) next();
          });
        }, pluginConfig(strapi).monitoring.retrainCheckMs);
        timer.unref();
      };
      next();
    },

    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await sweeping;
    },
  };
  return service;
};

export type RetrainingService = ReturnType<typeof createRetrainingService>;
export default createRetrainingService;
