import type { Core } from '@strapi/strapi';
import { UIDS } from '../../../../shared/constants';
import type { PersonalState } from '../../../../shared/contracts/personal';
import {
  type Correction,
  DEFAULT_FIT,
  effectOf,
  emptyCorrection,
  fitCorrection,
  type LabelEffect,
  type LabelledText,
} from '../../ml/personal-correction';
import { correctionBytes, deserialize, serialize } from '../../ml/correction-codec';
import { type GateOptions, judged } from '../../ml/personal-gate';
import { ByteLru } from '../../serving-engine/byte-lru';
import { documentIdsOfGiver, latestOfGiver } from '../../database/repositories/feedback';
import {
  appendUpdate,
  deleteReader,
  correctionOf,
  countReaders,
  PERSONAL_MODELS,
  revisionOf as storedRevision,
  summaryOf,
  updatesOf,
} from '../../database/repositories/personal-models';
import { conflict, isUniqueViolation } from '../../utils/errors';
import { KeyedQueue } from '../../utils/keyed-queue';
import { createRevisionMemo } from './personal-revisions';
import { getService } from '../../utils/get-service';
import { pluginConfig } from '../../utils/plugin-config';
import { rowId, stored, type ModelDocument } from '../../types/documents';
import { readerKey } from '../../principals';
import type { ServedVersion } from '../serving/routing-table';
import { createPersonalCaches } from './personal-caches';

/** A reader's correction as served: the weights and the revision they were read at. */
export interface PersonalModel {
  correction: Correction;
  revision: number;
  updatedAt: number;
}

/** A correction that answers a predict, with the gate that decides, per text, whether it does. */
export type ServedPersonal = PersonalModel & { gate: GateOptions };

const MODELS = PERSONAL_MODELS;
const ATTEMPTS = 20; // optimistic writes of one reader's refits: a few collide, none may be lost
// Refits waiting or running in the background, over all readers: past it, a label refits in its request.
const MAX_QUEUED_REFITS = 1_000;

/**
 * Personal models: a reader's (users-permissions user's) correction of a model's champion
 * (ml/personal-correction.ts), refitted from the reader's stored labels (their feedback rows,
 * the latest `maxLabels`) in the feedback request, before its 201, so the reader's next predict
 * reflects it; a re-label replaces the old label, and a correction learnt against another champion
 * is refitted against the serving one on the reader's next predict. Rows live in
 * mm_personal_models; each process holds the corrections it serves in an LRU bounded by bytes and
 * re-reads a row whose revision moved (another instance refitted). Serves only its owner: there is
 * no route to anyone else's.
 */
const createPersonalModelsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => pluginConfig(strapi).personal;
  const gate = (): GateOptions => ({
    slack: settings().gateSlack,
    bounds: [...settings().gateBounds].sort((a, b) => a - b),
    z: settings().gateEvidence,
  });
  let lru: ByteLru<PersonalModel> | null = null;
  const cache = () => (lru ??= new ByteLru<PersonalModel>(settings().cacheBytes));
  // The champion's probabilities of labelled texts (a quarter of the bytes) and the background corpora.
  const caches = createPersonalCaches(strapi, () => settings().cacheBytes / 4);
  const db = () => strapi.db.connection;
  const keyOf = (modelId: number, userId: number) => `${modelId}:${userId}`;
  // Which revision each reader's correction is at, so a predict reads no row (see load()).
  const revisions = createRevisionMemo(strapi, () => settings().revisionTtlMs);
  // Per reader and model: their refits run one after the other; their predict, state or reset waits for them.
  const refits = new KeyedQueue();

  async function revisionOf(key: string, modelId: number, userId: number, fresh: boolean) {
    const known = fresh ? undefined : revisions.get(key);
    if (known !== undefined) return known;
    const revision = await storedRevision(db(), modelId, userId);
    revisions.remember(key, revision);
    return revision;
  }

  /** The reader's correction; `fresh` reads its revision from the database (a refit's optimistic write). */
  async function load(
    modelId: number,
    userId: number,
    classes: number,
    fresh = false
  ): Promise<PersonalModel | null> {
    const key = keyOf(modelId, userId);
    const revision = await revisionOf(key, modelId, userId, fresh);
    if (revision === null) {
      cache().delete(key);
      return null;
    }
    const hit = cache().get(key);
    if (
      hit &&
      hit.revision === revision &&
      (classes === 0 || hit.correction.bias.length === classes)
    )
      return hit;
    const row = await correctionOf(db(), modelId, userId);
    if (!row) return null;
    const model = {
      correction: deserialize(row.weights, classes),
      revision: row.revision,
      updatedAt: row.updated_at_ms,
    };
    model.correction.labels = row.labels;
    cache().set(key, model, correctionBytes(model.correction));
    revisions.remember(key, model.revision);
    return model;
  }

  /** Writes the refitted correction if nobody else wrote since `current` was read; false when someone did. */
  async function write(
    modelId: number,
    userId: number,
    current: PersonalModel | null,
    next: Correction,
    now: number
  ): Promise<boolean> {
    const weights = serialize(next);
    if (current) {
      const updated = await db()(MODELS)
        .where({ model_id: modelId, user_id: userId, revision: current.revision })
        .update({
          weights,
          labels: next.labels,
          revision: current.revision + 1,
          updated_at_ms: now,
        });
      return Number(updated) === 1;
    }
    try {
      await db()(MODELS).insert({
        model_id: modelId,
        user_id: userId,
        labels: next.labels,
        revision: 1,
        weights,
        created_at_ms: now,
        updated_at_ms: now,
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false; // a concurrent first label: retry as an update
      throw error;
    }
  }

  /** The reader's latest labels of a model (one per subject, as feedback stores them), oldest first. */
  async function labelsOf(modelId: number, userId: number) {
    const rows = await latestOfGiver(strapi, modelId, readerKey(userId), settings().maxLabels);
    return rows
      .flatMap((r) => (r.text?.trim() ? [{ text: r.text, label: r.label }] : []))
      .reverse();
  }

  /**
   * Refits the reader's correction of `champion` from their stored labels and writes it. Null
   * when they have no label of its classes. Retried when another refit wrote first, so the
   * written one always saw every label committed before it started.
   */
  async function refit(
    modelId: number,
    userId: number,
    champion: Pick<ServedVersion, 'hash' | 'classLabels'>,
    learnt: { text: string } | null = null
  ): Promise<{ before: Correction; after: PersonalModel; example: LabelledText | null } | null> {
    const classes = champion.classLabels.length;
    const { evidence, sharpness, consistency, maxTokens } = settings();
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const current = await load(modelId, userId, classes, true);
      const labels = (await labelsOf(modelId, userId)).filter((l) =>
        champion.classLabels.includes(l.label)
      );
      if (!labels.length) return null;
      const base = await caches.baseOf(
        champion.hash,
        labels.map((l) => l.text)
      );
      const labelled = labels.map((l, i) => ({
        text: l.text,
        label: champion.classLabels.indexOf(l.label),
        base: base[i],
      }));
      const before = current?.correction ?? emptyCorrection(classes);
      const next = fitCorrection(
        labelled,
        classes,
        champion.hash,
        { ...DEFAULT_FIT, evidence, sharpness, consistency, maxWords: maxTokens },
        before.record,
        await caches.backgroundFor(modelId)
      );
      // The new label judges the correction that had not seen it (the gate's record).
      const example =
        (learnt && [...labelled].reverse().find((l) => l.text === learnt.text)) || null;
      if (example && current) next.record = judged(before.record, before, example, gate());
      const now = Date.now();
      if (!(await write(modelId, userId, current, next, now))) continue;
      const after = { correction: next, revision: (current?.revision ?? 0) + 1, updatedAt: now };
      const key = keyOf(modelId, userId);
      cache().set(key, after, correctionBytes(next));
      revisions.remember(key, after.revision);
      await revisions.announce(key);
      return { before, after, example };
    }
    throw conflict('Too many concurrent labels from this reader; try again.', { modelId });
  }

  async function record(
    modelId: number,
    userId: number,
    feedbackDocumentId: string | null,
    label: string,
    effect: LabelEffect,
    now: number
  ) {
    const changes = {
      before: Math.round(effect.before * 1e4) / 1e4,
      after: Math.round(effect.after * 1e4) / 1e4,
      bias: effect.biasDelta.map((d) => Math.round(d * 1e5) / 1e5),
      tokens: effect.top.map((t) => [t.token, Math.round(t.delta * 1e5) / 1e5]),
    };
    await appendUpdate(
      db(),
      { modelId, userId, feedbackDocumentId, label, changes, atMs: now },
      settings().keptUpdates
    );
  }

  return {
    /**
     * Learns one label of a reader: the champion scores the text, the correction takes one step.
     * Null when the model has no champion to correct yet, or the label is not one of its classes.
     */
    async learn(
      model: ModelDocument,
      userId: number,
      input: { text: string; label: string; feedbackDocumentId: string | null }
    ): Promise<PersonalState | null> {
      const champion = getService(strapi, 'routing-table').champion(stored(model.slug));
      if (!champion || !input.text.trim() || !champion.classLabels.includes(input.label))
        return null;
      const modelId = rowId(model);
      const job = async () => {
        const refitted = await refit(modelId, userId, champion, input);
        if (!refitted) return null;
        const { before, after, example } = refitted;
        if (example)
          await record(
            modelId,
            userId,
            input.feedbackDocumentId,
            input.label,
            effectOf(before, after.correction, example),
            after.updatedAt
          );
        return after;
      };
      const key = keyOf(modelId, userId);
      // In the request: the 201 waits for the refit. In the background (the default): the 201 answers
      // at once, and the reader's next predict in this process waits for the refit (other instances
      // see it once written); a full queue refits in the request.
      if (settings().refit === 'request' || refits.size >= MAX_QUEUED_REFITS) {
        const after = await refits.enqueue(key, job);
        return after ? this.describe(after) : null;
      }
      refits
        .enqueue(key, job)
        .catch((error) =>
          strapi.log.warn(`[model-manager] personal refit of reader ${userId} failed: ${error}`)
        );
      const labels = Math.min(
        settings().maxLabels,
        await strapi.db.query(UIDS.feedback).count({
          where: { model: { id: modelId }, giverKey: readerKey(userId), text: { $notNull: true } },
        })
      );
      const current = cache().get(key);
      return this.describe({
        correction: { ...emptyCorrection(0), labels },
        revision: 0,
        updatedAt: current?.updatedAt ?? Date.now(),
      });
    },

    /**
     * The reader's correction when it is active (enough labels), else null, with the gate: a text
     * in a region where the correction cost the reader more of their own labels than it won is
     * answered as the champion (and its explanation shows no own part).
     */
    async forPredict(
      userId: number,
      champion: Pick<ServedVersion, 'modelId' | 'hash' | 'classLabels'>
    ): Promise<ServedPersonal | null> {
      await refits.settled(keyOf(champion.modelId, userId));
      let model = await load(champion.modelId, userId, champion.classLabels.length);
      // Learnt against another champion (or stored in the first format): learn it against this one.
      if (model && model.correction.base !== champion.hash)
        model = (await refit(champion.modelId, userId, champion))?.after ?? null;
      if (!model || model.correction.labels < settings().minLabels) return null;
      return { ...model, gate: gate() };
    },

    describe(model: PersonalModel | null): PersonalState {
      const labels = model?.correction.labels ?? 0;
      const { minLabels } = settings();
      return {
        labels,
        minLabels,
        active: labels >= minLabels,
        updatedAt: model ? new Date(model.updatedAt).toISOString() : null,
      };
    },

    async state(model: ModelDocument, userId: number): Promise<PersonalState> {
      await refits.settled(keyOf(rowId(model), userId));
      const row = await summaryOf(db(), rowId(model), userId);
      if (!row) return this.describe(null);
      return this.describe({
        correction: { ...emptyCorrection(0), labels: row.labels },
        revision: 0,
        updatedAt: row.updated_at_ms,
      });
    },

    /** Forgets a reader on a model: their labels, their correction and its update trail. */
    async reset(model: ModelDocument, userId: number): Promise<{ labels: number }> {
      await refits.settled(keyOf(rowId(model), userId)); // a queued refit would write the model back
      const rows = await documentIdsOfGiver(strapi, rowId(model), readerKey(userId));
      // Through the document service, one by one: it also removes the rows' relation links.
      for (const documentId of rows) await strapi.documents(UIDS.feedback).delete({ documentId });
      await deleteReader(db(), rowId(model), userId);
      await getService(strapi, 'collective-models').forget(userId, rowId(model));
      await getService(strapi, 'outcomes').forget(rowId(model), readerKey(userId));
      const key = keyOf(rowId(model), userId);
      cache().delete(key);
      revisions.forget(key);
      await revisions.announce(key);
      return { labels: rows.length };
    },

    /** For editors: how many readers have a personal model of this one (no texts, no names). */
    async readers(model: ModelDocument): Promise<{ readers: number; active: number }> {
      const count = (min: number) => countReaders(db(), rowId(model), min);
      return { readers: await count(1), active: await count(settings().minLabels) };
    },

    /** The last updates of a reader (newest first): which label changed what. */
    async updates(model: ModelDocument, userId: number, limit = 20) {
      const rows = await updatesOf(db(), rowId(model), userId, limit);
      return rows.map((r) => ({
        label: r.label,
        feedback: r.feedback_document_id,
        at: new Date(r.at_ms).toISOString(),
        changes: JSON.parse(r.changes),
      }));
    },

    cacheStats: () => ({ ...cache().stats(), queuedRefits: refits.size }),

    /** On PostgreSQL, hears of rows other instances write (their revision is forgotten here). */
    followRevisions: () => revisions.follow(),

    stop: () => revisions.stop(),

    destroy() {
      revisions.clear();
      lru?.clear();
      lru = null;
      caches.clear();
    },
  };
};

export type PersonalModelsService = ReturnType<typeof createPersonalModelsService>;
export default createPersonalModelsService;
