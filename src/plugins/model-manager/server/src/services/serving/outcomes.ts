import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { CappedOutcome, VariantOutcome } from '../../../../shared/contracts/outcomes';
import { accountAccuracy } from '../../ml/account-accuracy';
import { bootstrapIntervals } from '../../ml/bootstrap';
import { getService } from '../../utils/get-service';
import { pluginConfig } from '../../utils/plugin-config';
import {
  accountRows,
  OUTCOMES,
  pruneOld,
  pruneReader,
  type AccountRow,
} from '../../database/repositories/outcomes';
import { rowId, stored, type ModelDocument } from '../../types/documents';

import { SHADOWS, shadowVersionOf } from '../../database/repositories/shadows';
const SHADOW_TTL_MS = 1000;

export interface Served {
  variant: string;
  scope: string;
  /** "<model slug>@<version>": which version answered (a personal model names its champion) */
  served: string;
  label: string;
}

const INTERVAL = { resamples: 1000, seed: 7 };
/** rows per INSERT: well under SQLite's 999 bound variables (10 columns a row) */
const WRITE_SLICE = 90;

interface OutcomeRow {
  model_id: number;
  caller_key: string;
  subject_key: string;
  variant: string;
  scope: string;
  served: string;
  predicted_label: string;
  outcome_label: null;
  predicted_at_ms: number;
  labelled_at_ms: null;
}

/**
 * Outcomes per variant: a reader's prediction of a subject is kept (the latest per subject and
 * variant) and completed when that reader labels the subject; rows are bounded by age and count
 * per reader (config `outcomes`: pruned when the reader's next prediction is recorded, and by a
 * sweep). Accuracy per variant gets a 95 % bootstrap interval that resamples whole readers (one
 * reader's answers are not independent), pooled as before and `capped`: each reader weighed as
 * their votes are in training (trusted-training.ts), so fresh accounts cannot move it. The report
 * reads per-reader counts the database sums, a page at a time. The shadow version of a model is
 * scored beside its requests and recorded here the same way, never returned. Predictions' rows
 * are written in batches off the request path (record/flush), before anything reads them here.
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
  let sweep: NodeJS.Timeout | null = null;
  const bounds = () => pluginConfig(strapi).outcomes;
  // Predictions' rows waiting to be written, by their unique key (insertion order kept).
  const queue = new Map<string, OutcomeRow>();
  let flushTimer: NodeJS.Timeout | null = null;
  let writing: Promise<void> | null = null;
  const warnUnwritten = (error: Error) =>
    strapi.log.warn(`[model-manager] prediction outcomes not written: ${error.message}`);

  // better-sqlite3 runs on the serving thread, and each statement's own commit waits for the disk:
  // on SQLite a batch is one transaction (one commit, not one per statement). PostgreSQL commits off
  // the thread, and there separate statements hold no locks across instances' batches.
  const oneTransaction = strapi.config.get('database.connection.client') !== 'postgres';

  async function writeRows(rows: OutcomeRow[]) {
    if (oneTransaction) await db().transaction((trx) => writeBatch(trx, rows));
    else await writeBatch(db(), rows);
  }

  async function writeBatch(db: Knex, rows: OutcomeRow[]) {
    for (let start = 0; start < rows.length; start += WRITE_SLICE)
      await db(OUTCOMES)
        .insert(rows.slice(start, start + WRITE_SLICE))
        .onConflict(['model_id', 'caller_key', 'subject_key', 'variant'])
        .merge([
          'scope',
          'served',
          'predicted_label',
          'outcome_label',
          'predicted_at_ms',
          'labelled_at_ms',
        ]);
    const readers = new Map(rows.map((r) => [`${r.model_id}|${r.caller_key}`, r]));
    for (const r of readers.values()) await pruneReader(db, r.model_id, r.caller_key, bounds());
  }

  return {
    /** Drops every row past `maxAgeDays` (what the sweep does); how many went. */
    async prune(): Promise<number> {
      return pruneOld(db(), bounds().maxAgeDays);
    },

    startPruning() {
      const every = bounds().pruneEveryMs;
      if (!every || sweep) return;
      sweep = setInterval(() => {
        pruneOld(db(), bounds().maxAgeDays).catch((error: Error) =>
          strapi.log.warn(`[model-manager] pruning prediction outcomes: ${error.message}`)
        );
      }, every);
      sweep.unref();
    },

    stopPruning() {
      if (sweep) clearInterval(sweep);
      sweep = null;
    },

    /**
     * Remembers a reader's prediction of a subject: queued and written off the request path (a
     * batch at most `flushMs` later); only a full queue makes the caller wait for the write.
     */
    async record(modelId: number, callerKey: string, subjectKey: string, served: Served) {
      const row: OutcomeRow = {
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
      // the latest prediction of a subject per variant is the row kept: a later one replaces it here too
      const key = JSON.stringify([modelId, callerKey, subjectKey, served.variant]);
      queue.delete(key);
      queue.set(key, row);
      if (queue.size >= bounds().maxQueued) await this.flush();
      else
        flushTimer ??= setTimeout(
          () => void this.flush().catch(warnUnwritten),
          bounds().flushMs
        ).unref(); // destroy() writes what is left
    },

    /** Writes the queued rows now (one batch at a time), and prunes each of their readers once. */
    async flush(): Promise<void> {
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = null;
      // a flush under way took rows this one must not pass: wait for it, then write what is left
      while (writing) await writing.catch(() => undefined);
      if (!queue.size) return;
      const rows = [...queue.values()];
      queue.clear();
      writing = writeRows(rows);
      try {
        await writing;
      } finally {
        writing = null;
      }
    },

    /** The reader labelled a subject: every variant's prediction of it gets its outcome. */
    async label(modelId: number, callerKey: string, subjectKey: string, label: string) {
      await this.flush(); // a prediction still queued is written first, so the label meets it
      await db()(OUTCOMES)
        .where({ model_id: modelId, caller_key: callerKey, subject_key: subjectKey })
        .update({ outcome_label: label, labelled_at_ms: Date.now() });
    },

    async forget(modelId: number, callerKey: string) {
      await this.flush();
      await db()(OUTCOMES).where({ model_id: modelId, caller_key: callerKey }).delete();
    },

    /**
     * Accuracy per variant (and served version) over the labelled predictions, with intervals:
     * pooled over every reader, and `capped` (each reader weighed by their standing, fresh accounts not at all).
     */
    async report(model: ModelDocument) {
      await this.flush();
      const rows = await accountRows(db(), rowId(model), bounds().pageSize);
      const standing = await getService(strapi, 'trusted-training').readerStanding(model, [
        ...new Set(rows.map((r) => r.caller_key)),
      ]);
      const groups = new Map<string, AccountRow[]>();
      for (const r of rows) {
        const key = `${r.variant}|${r.served}`;
        const list = groups.get(key) ?? [];
        list.push(r);
        groups.set(key, list);
      }
      const variants = [...groups].map(([key, list]): VariantOutcome => {
        const [variant, served] = key.split('|');
        const labelled = list.map((r) => Number(r.labelled));
        const correct = list.map((r) => Number(r.correct));
        const total = labelled.reduce((a, b) => a + b, 0);
        // Pooled: every row alike; resampling whole readers is resampling these per-reader sums.
        const [interval] = bootstrapIntervals(
          list.length,
          (counts) => {
            let w = 0;
            let c = 0;
            counts.forEach((k, i) => {
              w += k * labelled[i];
              c += k * correct[i];
            });
            return [w ? c / w : NaN];
          },
          INTERVAL
        );
        const weighed = accountAccuracy(
          list.map((r, i) => ({
            labelled: labelled[i],
            correct: correct[i],
            rowWeight: standing.get(r.caller_key)?.voteWeight ?? 0,
          })),
          INTERVAL
        );
        const capped: CappedOutcome | null = weighed && {
          ...weighed,
          weight: Math.round(weighed.weight * 1e4) / 1e4,
        };
        return {
          variant,
          served,
          labelled: total,
          readers: list.length,
          accuracy: correct.reduce((a, b) => a + b, 0) / total,
          interval,
          accounts: capped?.accounts ?? 0,
          capped,
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
      const version = await shadowVersionOf(db(), modelId);
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
      getService(strapi, 'prewarm').schedule(); // a new shadow scores the next request: load it now
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
          const agreed = predicted.filter((l, i) => l === servedLabels[i]).length;
          stats.scored += texts.length;
          stats.agreed += agreed;
          getService(strapi, 'monitor').observeShadow(modelId, texts.length, agreed);
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
