import type { Core } from '@strapi/strapi';
import { bootstrapIntervals } from '../ml/bootstrap';
import { getService } from '../utils/get-service';
import { rowId, stored, type ModelDocument } from '../types/documents';

const OUTCOMES = 'mm_prediction_outcomes';
const SHADOWS = 'mm_shadows';
const SHADOW_TTL_MS = 1000;

export interface Served {
  variant: string;
  scope: string;
  /** "<model slug>@<version>": which version answered (a personal model names its champion) */
  served: string;
  label: string;
}

interface OutcomeRow {
  caller_key: string;
  variant: string;
  served: string;
  predicted_label: string;
  outcome_label: string;
}

/**
 * Outcomes per variant: a reader's prediction of a subject is kept (the latest per subject and
 * variant, so rows stay bounded by readers x subjects) and completed when that reader labels the
 * subject; accuracy per variant gets a 95 % bootstrap interval that resamples whole readers (one
 * reader's answers are not independent). The shadow version of a model is scored beside its
 * requests and recorded here the same way, never returned.
 */
const createOutcomesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const db = () => strapi.db.connection;
  const shadows = new Map<number, { version: number | null; until: number }>();
  /** The remembered shadow version (null: none), or undefined when it must be read again. */
  const knownShadow = (modelId: number): number | null | undefined => {
    const hit = shadows.get(modelId);
    return hit && hit.until > Date.now() ? hit.version : undefined;
  };
  const shadowStats = new Map<number, { scored: number; agreed: number; failed: number }>();

  return {
    async record(modelId: number, callerKey: string, subjectKey: string, served: Served) {
      const row = {
        model_id: modelId,
        caller_key: callerKey,
        subject_key: subjectKey,
        variant: served.variant,
        scope: served.scope,
        served: served.served,
        predicted_label: served.label,
        outcome_label: null,
        predicted_at_ms: Date.now(),
        labelled_at_ms: null,
      };
      await db()(OUTCOMES)
        .insert(row)
        .onConflict(['model_id', 'caller_key', 'subject_key', 'variant'])
        .merge([
          'scope',
          'served',
          'predicted_label',
          'outcome_label',
          'predicted_at_ms',
          'labelled_at_ms',
        ]);
    },

    /** The reader labelled a subject: every variant's prediction of it gets its outcome. */
    async label(modelId: number, callerKey: string, subjectKey: string, label: string) {
      await db()(OUTCOMES)
        .where({ model_id: modelId, caller_key: callerKey, subject_key: subjectKey })
        .update({ outcome_label: label, labelled_at_ms: Date.now() });
    },

    async forget(modelId: number, callerKey: string) {
      await db()(OUTCOMES).where({ model_id: modelId, caller_key: callerKey }).delete();
    },

    /** Accuracy per variant (and served version) over the labelled predictions, with intervals. */
    async report(model: ModelDocument) {
      const rows = (await db()(OUTCOMES)
        .where({ model_id: rowId(model) })
        .whereNotNull('outcome_label')
        .select(
          'caller_key',
          'variant',
          'served',
          'predicted_label',
          'outcome_label'
        )) as OutcomeRow[];
      const groups = new Map<string, OutcomeRow[]>();
      for (const r of rows)
        groups.set(`${r.variant}|${r.served}`, [
          ...(groups.get(`${r.variant}|${r.served}`) ?? []),
          r,
        ]);
      const variants = [...groups].map(([key, list]) => {
        const [variant, served] = key.split('|');
        const correct = list.map((r) => (r.predicted_label === r.outcome_label ? 1 : 0));
        const accuracy = correct.reduce((a: number, b: number) => a + b, 0) / list.length;
        const statistic = (counts: Float64Array) => {
          let w = 0;
          let c = 0;
          counts.forEach((k, i) => {
            w += k;
            c += k * correct[i];
          });
          return [w ? c / w : NaN];
        };
        const [interval] = bootstrapIntervals(list.length, statistic, {
          resamples: 1000,
          seed: 7,
          groups: list.map((r) => r.caller_key),
        });
        return {
          variant,
          served,
          labelled: list.length,
          readers: new Set(list.map((r) => r.caller_key)).size,
          accuracy,
          interval,
        };
      });
      const { version } = await this.shadowOf(rowId(model), true);
      return {
        variants: variants.sort((a, b) => a.variant.localeCompare(b.variant)),
        shadow: {
          version,
          ...(shadowStats.get(rowId(model)) ?? { scored: 0, agreed: 0, failed: 0 }),
        },
      };
    },

    /** The shadow version of a model (re-read at most once a second per process). */
    async shadowOf(modelId: number, fresh = false): Promise<{ version: number | null }> {
      const known = fresh ? undefined : knownShadow(modelId);
      if (known !== undefined) return { version: known };
      const row = (await db()(SHADOWS).where({ model_id: modelId }).first('version_number')) as
        | { version_number: number }
        | undefined;
      const version = row ? Number(row.version_number) : null;
      shadows.set(modelId, { version, until: Date.now() + SHADOW_TTL_MS });
      return { version };
    },

    /** Sets (or clears, with null) the shadow version; it must exist (any status but candidate work: it is never returned). */
    async setShadow(model: ModelDocument, version: number | null) {
      if (version === null)
        await db()(SHADOWS)
          .where({ model_id: rowId(model) })
          .delete();
      else {
        await getService(strapi, 'routing-table').pinned(stored(model.slug), version, true); // 404 for a version the model lacks
        await db()(SHADOWS)
          .insert({ model_id: rowId(model), version_number: version, at_ms: Date.now() })
          .onConflict('model_id')
          .merge(['version_number', 'at_ms']);
      }
      shadows.delete(rowId(model));
      return { model: model.slug as string, shadow: version };
    },

    /**
     * Scores the texts with the shadow version after the answer went out; a reader's single-text
     * request is recorded as variant "shadow". Failures are counted and logged, never surfaced.
     */
    shadowScore(
      modelId: number,
      slug: string,
      texts: string[],
      servedLabels: string[],
      reader: { key: string; subjectKey: string } | null
    ) {
      if (knownShadow(modelId) === null) return; // no shadow, as remembered: the common case, without a promise
      void (async () => {
        const { version } = await this.shadowOf(modelId);
        if (version === null) return;
        const stats = shadowStats.get(modelId) ?? { scored: 0, agreed: 0, failed: 0 };
        shadowStats.set(modelId, stats);
        try {
          const served = await getService(strapi, 'routing-table').pinned(slug, version, true);
          const scored = await getService(strapi, 'runtime').score(served.hash, texts);
          const labels =
            served.classLabels.length === scored.classLabels.length
              ? served.classLabels
              : scored.classLabels;
          const predicted = scored.rows.map(
            (r) => labels[r.probabilities.indexOf(Math.max(...r.probabilities))]
          );
          stats.scored += texts.length;
          stats.agreed += predicted.filter((l, i) => l === servedLabels[i]).length;
          if (reader)
            await this.record(modelId, reader.key, reader.subjectKey, {
              variant: 'shadow',
              scope: served.scope,
              served: `${slug}@${version}`,
              label: predicted[0],
            });
        } catch (error) {
          stats.failed += 1;
          strapi.log.warn(
            `[model-manager] shadow version ${version} of "${slug}" failed: ${(error as Error).message}`
          );
        }
      })().catch((error: Error) =>
        strapi.log.warn(`[model-manager] shadow scoring: ${error.message}`)
      );
    },
  };
};

export type OutcomesService = ReturnType<typeof createOutcomesService>;
export default createOutcomesService;
