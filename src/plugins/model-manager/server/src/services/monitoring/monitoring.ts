import type { Core } from '@strapi/strapi';
import { MODEL_EVENTS, UIDS } from '../../../../shared/constants';
import {
  MONITORED_FIGURES,
  type MonitoringDay,
  type MonitoringReport,
  type MonitoringThresholds,
} from '../../../../shared/contracts/monitoring';
import {
  daysFrom,
  insertAlert,
  latestAlerts,
  saveThresholds,
  thresholdsOf as ownThresholds,
  type DayCounts,
} from '../../database/repositories/monitoring';
import { labelledSince } from '../../database/repositories/outcomes';
import { addCounts, countWords, jensenShannon, wilson, type TokenCounts } from '../../ml/drift';
import { getService } from '../../utils/get-service';
import { pluginConfig } from '../../utils/plugin-config';
import { rowId, stored, type ModelDocument } from '../../types/documents';

const DAY_MS = 86_400_000;
const REFERENCE_TTL_MS = 60_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * What a model's served answers look like day by day, for the whole cluster (every instance's
 * counts summed): label mix, undecided answers, texts with no known word, how far the sampled
 * texts drifted from the evaluation set, and how often answers matched readers' later labels.
 * Thresholds crossed send `model-manager.model.drifted`, once per model, day and figure.
 */
const createMonitoringService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  /** The evaluation set's token counts, per model, until the set changes. */
  type Reference = { hash: string; tokens: TokenCounts; name: string; size: number };
  const references = new Map<number, { entry: Reference | null; at: number }>();

  // Every flush judges the models it wrote: the set is re-read at most this often, not on each flush.
  async function reference(model: ModelDocument) {
    const cached = references.get(rowId(model));
    if (cached && Date.now() - cached.at < REFERENCE_TTL_MS) return cached.entry;
    const set = await getService(strapi, 'evaluation').evaluationSet(model);
    let entry: Reference | null = null;
    if (set) {
      entry = cached?.entry?.hash === set.contentHash ? cached.entry : null;
      if (!entry) {
        const tokens: TokenCounts = {};
        for (const row of set.rows) countWords(row.text, tokens);
        entry = { hash: set.contentHash, tokens, name: set.name, size: set.size };
      }
    }
    references.set(rowId(model), { entry, at: Date.now() });
    return entry;
  }

  async function thresholdsOf(modelId: number) {
    const own = await ownThresholds(knex(), modelId);
    const defaults = pluginConfig(strapi).monitoring.thresholds;
    return own
      ? {
          thresholds: { ...defaults, ...own } as MonitoringThresholds,
          from: 'model' as const,
        }
      : { thresholds: defaults, from: 'config' as const };
  }

  /** Decay: the day's answers that readers later labelled, right or not (prediction outcomes, champion and challengers). */
  async function decayByDay(modelId: number, since: number) {
    const rows = await labelledSince(knex(), modelId, since);
    const byDay = new Map<string, { right: number; total: number }>();
    for (const r of rows) {
      const d = byDay.get(dayOf(r.predicted_at_ms)) ?? { right: 0, total: 0 };
      d.total += 1;
      d.right += r.predicted_label === r.outcome_label ? 1 : 0;
      byDay.set(dayOf(r.predicted_at_ms), d);
    }
    return byDay;
  }

  function crossedOf(day: Omit<MonitoringDay, 'crossed'>, t: MonitoringThresholds) {
    if (day.served < t.minServed) return [];
    return MONITORED_FIGURES.filter(
      (f) =>
        t[f] !== null &&
        day[f] !== null &&
        day[f]! > t[f]! &&
        (f !== 'drift' || day.sampled >= t.minSampled)
    );
  }

  async function days(model: ModelDocument, count: number) {
    const modelId = rowId(model);
    const since = Date.now() - (count - 1) * DAY_MS;
    const rows = await daysFrom(knex(), modelId, dayOf(since));
    const ref = await reference(model);
    const decay = await decayByDay(modelId, Date.parse(`${dayOf(since)}T00:00:00Z`));
    const { thresholds } = await thresholdsOf(modelId);
    const summed = new Map<string, DayCounts>();
    for (const row of rows) {
      const day = summed.get(row.day) ?? {
        served: 0,
        undecided: 0,
        no_evidence: 0,
        sampled: 0,
        shadow_scored: 0,
        shadow_agreed: 0,
        tokens: {},
        labels: {},
        variants: {},
      };
      day.served += row.served;
      day.undecided += row.undecided;
      day.no_evidence += row.no_evidence;
      day.sampled += row.sampled;
      day.shadow_scored += row.shadow_scored;
      day.shadow_agreed += row.shadow_agreed;
      addCounts(day.tokens, row.tokens, Number.MAX_SAFE_INTEGER);
      addCounts(day.labels, row.labels, Number.MAX_SAFE_INTEGER);
      addCounts(day.variants, row.variants, Number.MAX_SAFE_INTEGER);
      summed.set(row.day, day);
    }
    const out: MonitoringDay[] = [];
    for (const [day, d] of summed) {
      const right = decay.get(day);
      const figures = {
        day,
        served: d.served,
        labels: d.labels,
        variants: d.variants,
        undecided: d.served ? d.undecided / d.served : null,
        noEvidence: d.served ? d.no_evidence / d.served : null,
        sampled: d.sampled,
        drift: ref ? jensenShannon(ref.tokens, d.tokens) : null,
        decay: { ...wilson(right?.right ?? 0, right?.total ?? 0), labelled: right?.total ?? 0 },
        shadow: { ...wilson(d.shadow_agreed, d.shadow_scored), scored: d.shadow_scored },
      };
      out.push({ ...figures, crossed: crossedOf(figures, thresholds) });
    }
    return { days: out, ref };
  }

  return {
    async report(slug: string, count = 14): Promise<MonitoringReport> {
      const model = await getService(strapi, 'models').requireModel(slug);
      const { days: list, ref } = await days(model, count);
      const { thresholds, from } = await thresholdsOf(rowId(model));
      const alerts = await latestAlerts(knex(), rowId(model), 100);
      return {
        model: stored(model.slug),
        reference: ref ? { dataset: ref.name, size: ref.size } : null,
        thresholds,
        thresholdsFrom: from,
        days: list,
        alerts: alerts.map((a) => ({
          day: a.day,
          metric: a.metric,
          value: a.value,
          threshold: a.threshold,
          at: new Date(a.at_ms).toISOString(),
        })),
      };
    },

    async setThresholds(slug: string, data: Partial<MonitoringThresholds>) {
      const model = await getService(strapi, 'models').requireModel(slug);
      const { thresholds } = await thresholdsOf(rowId(model));
      const next = { ...thresholds, ...data };
      await saveThresholds(knex(), rowId(model), next);
      return next;
    },

    /**
     * Judges today's figures of the models just written; a crossed threshold is recorded once
     * per model, day and figure (a unique row: on a cluster, the instance whose insert wins
     * sends the webhook).
     */
    async check(modelIds: number[]) {
      for (const modelId of modelIds) {
        const model = (await strapi
          .documents(UIDS.model)
          .findFirst({ filters: { id: modelId } })) as ModelDocument | null;
        if (!model) continue;
        const { days: list } = await days(model, 1);
        const today = list.find((d) => d.day === dayOf(Date.now()));
        if (!today?.crossed.length) continue;
        const { thresholds } = await thresholdsOf(modelId);
        for (const metric of today.crossed) {
          const inserted = await insertAlert(knex(), modelId, {
            day: today.day,
            metric,
            value: today[metric],
            threshold: thresholds[metric],
          });
          if (!inserted) continue;
          getService(strapi, 'events').emit(MODEL_EVENTS.modelDrifted, {
            model: stored(model.slug),
            day: today.day,
            metric,
            value: today[metric],
            threshold: thresholds[metric],
            served: today.served,
            sampled: today.sampled,
          });
        }
      }
    },
  };
};

export type MonitoringService = ReturnType<typeof createMonitoringService>;
export default createMonitoringService;
