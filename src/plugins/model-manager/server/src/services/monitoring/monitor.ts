import type { Core } from '@strapi/strapi';
import { randomBytes } from 'crypto';
import os from 'os';
import {
  instanceDay,
  saveInstanceDay,
  type DayCounts,
} from '../../database/repositories/monitoring';
import { addCounts, OTHER, wordsOf, type TokenCounts } from '../../ml/drift';
import { pluginConfig } from '../../utils/plugin-config';

/** What one instance counted of one model on one day, not yet written. */
interface Bucket {
  served: number;
  undecided: number;
  noEvidence: number;
  sampled: number;
  labels: Record<string, number>;
  variants: Record<string, number>;
  tokens: TokenCounts;
  /** distinct tokens in `tokens` (other than OTHER) */
  distinct: number;
  /** answers the shadow version also gave, and how many of them it agreed with */
  shadowScored: number;
  shadowAgreed: number;
}

export interface Observed {
  label: string;
  undecidedReason?: string | null;
}

/** Only the start of a long text is tokenized: a sample's cost stays bounded whatever is sent. */
const SAMPLED_CHARS = 2000;
// The day's key, recomputed once a second rather than formatted on every answer.
let dayCache = { second: -1, day: '' };
const today = () => {
  const second = Math.floor(Date.now() / 1000);
  if (second !== dayCache.second)
    dayCache = { second, day: new Date(second * 1000).toISOString().slice(0, 10) };
  return dayCache.day;
};
const emptyBucket = (): Bucket => ({
  served: 0,
  undecided: 0,
  noEvidence: 0,
  sampled: 0,
  labels: {},
  variants: {},
  tokens: {},
  distinct: 0,
  shadowScored: 0,
  shadowAgreed: 0,
});
const add = (into: Record<string, number>, key: string, n = 1) => {
  into[key] = (into[key] ?? 0) + n;
};

/**
 * Counts what each model serves, in memory, and writes the counts off the request path every
 * `monitoring.flushMs` into this instance's row of the day (mm_monitor_days), so a predict pays
 * a few map updates (and, for a sampled text, a tokenization) and never a database write.
 */
const createMonitorService = ({ strapi }: { strapi: Core.Strapi }) => {
  const instance = `${os.hostname().slice(0, 40)}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const pending = new Map<string, Bucket>(); // `${modelId}|${day}`
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<number[]> = Promise.resolve([]);
  const listeners: Array<(modelIds: number[]) => Promise<void>> = [];

  function schedule() {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      void service.flush();
    }, pluginConfig(strapi).monitoring.flushMs);
    timer.unref();
  }

  async function write(key: string, bucket: Bucket) {
    const [modelId, day] = key.split('|');
    const where = { model_id: Number(modelId), day, instance };
    const maxTokens = pluginConfig(strapi).monitoring.maxTokens;
    // Only this instance writes this row, so read-merge-write cannot lose a concurrent update.
    const row = await instanceDay(strapi.db.connection, where);
    const counts: DayCounts = {
      served: bucket.served,
      undecided: bucket.undecided,
      no_evidence: bucket.noEvidence,
      sampled: bucket.sampled,
      shadow_scored: bucket.shadowScored,
      shadow_agreed: bucket.shadowAgreed,
      labels: bucket.labels,
      variants: bucket.variants,
      tokens: bucket.tokens,
    };
    const merged: DayCounts = row
      ? {
          served: row.served + counts.served,
          undecided: row.undecided + counts.undecided,
          no_evidence: row.no_evidence + counts.no_evidence,
          sampled: row.sampled + counts.sampled,
          shadow_scored: row.shadow_scored + counts.shadow_scored,
          shadow_agreed: row.shadow_agreed + counts.shadow_agreed,
          labels: addCounts(row.labels, counts.labels, 1000),
          variants: addCounts(row.variants, counts.variants, 100),
          tokens: addCounts(row.tokens, counts.tokens, maxTokens),
        }
      : counts;
    await saveInstanceDay(strapi.db.connection, where, row?.id ?? null, merged);
  }

  /** The model's counts of today not yet written. */
  function todayOf(modelId: number): Bucket {
    const key = `${modelId}|${today()}`;
    const bucket = pending.get(key) ?? emptyBucket();
    pending.set(key, bucket);
    return bucket;
  }

  const service = {
    instance,

    /** Counts one request's answers; tokenizes a sample of its texts. Never throws, never waits. */
    observe(modelId: number, variant: string, texts: readonly string[], answers: Observed[]) {
      const config = pluginConfig(strapi).monitoring;
      if (!config.enabled) return;
      const bucket = todayOf(modelId);
      answers.forEach((answer, i) => {
        bucket.served += 1;
        add(bucket.labels, answer.label);
        add(bucket.variants, variant);
        if (answer.undecidedReason) bucket.undecided += 1;
        if (answer.undecidedReason === 'no_evidence') bucket.noEvidence += 1;
        if (Math.random() >= config.sampleRate) return;
        bucket.sampled += 1;
        // Counted into the bucket word by word (no object per text), with a running count of
        // distinct tokens: the bucket is never re-counted.
        for (const word of wordsOf(texts[i].slice(0, SAMPLED_CHARS))) {
          if (bucket.tokens[word] !== undefined) bucket.tokens[word] += 1;
          else if (bucket.distinct < config.maxTokens) {
            bucket.tokens[word] = 1;
            bucket.distinct += 1;
          } else add(bucket.tokens, OTHER, 1);
        }
      });
      schedule();
    },

    /** Counts the shadow version's answers beside the served ones: how often they agreed, per day. */
    observeShadow(modelId: number, scored: number, agreed: number) {
      if (!pluginConfig(strapi).monitoring.enabled) return;
      const bucket = todayOf(modelId);
      bucket.shadowScored += scored;
      bucket.shadowAgreed += agreed;
      schedule();
    },

    /** Something to run after each write (the monitoring service checks thresholds there). */
    onFlushed(listener: (modelIds: number[]) => Promise<void>) {
      listeners.push(listener);
    },

    /** Writes what was counted; one flush at a time. Answers the models written. */
    flush(): Promise<number[]> {
      flushing = flushing.then(async () => {
        const batch = [...pending];
        pending.clear();
        const written: number[] = [];
        for (const [key, bucket] of batch) {
          try {
            await write(key, bucket);
            written.push(Number(key.split('|')[0]));
          } catch (error) {
            strapi.log.warn(
              `[model-manager] monitoring counts not written: ${(error as Error).message}`
            );
          }
        }
        const models = [...new Set(written)];
        for (const listener of listeners)
          await listener(models).catch((error: Error) =>
            strapi.log.warn(`[model-manager] monitoring check failed: ${error.message}`)
          );
        return models;
      });
      return flushing;
    },

    /** On shutdown: what is counted is written while the database is still open. */
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await service.flush();
    },
  };
  return service;
};

export type MonitorService = ReturnType<typeof createMonitorService>;
export default createMonitorService;
