import type { Core } from '@strapi/strapi';
import { UIDS } from '../../../shared/constants';
import type { PersonalState } from '../../../shared/contracts/personal';
import {
  type Correction,
  correctionBytes,
  deserialize,
  emptyCorrection,
  features,
  learn,
  serialize,
  type StepRecord,
} from '../ml/personal-correction';
import { ByteLru } from '../serving/byte-lru';
import { conflict, isUniqueViolation } from '../utils/errors';
import { getService } from '../utils/get-service';
import { pluginConfig } from '../utils/plugin-config';
import { rowId, stored, type ModelDocument } from '../types/documents';
import { readerKey } from '../principals';

/** A reader's correction as served: the weights and the revision they were read at. */
export interface PersonalModel {
  correction: Correction;
  revision: number;
  updatedAt: number;
}

interface PersonalRow {
  labels: number;
  revision: number;
  weights: string;
  updated_at_ms: number | string;
}

const MODELS = 'mm_personal_models';
const UPDATES = 'mm_personal_updates';
const ATTEMPTS = 20; // optimistic writes of one reader's labels: a few collide, none may be lost

const clone = (c: Correction): Correction => ({
  bias: [...c.bias],
  tokens: new Map([...c.tokens].map(([t, w]) => [t, [...w]])),
  labels: c.labels,
});

/**
 * Personal models: a reader's (users-permissions user's) online correction of a model's champion
 * (ml/personal-correction.ts). Every label is learnt in the feedback request, before its 201, so
 * the reader's next predict reflects it. Rows live in mm_personal_models; each process holds
 * the corrections it serves in an LRU bounded by bytes and re-reads a row whose revision moved
 * (another instance learnt a label). Serves only its owner: there is no route to anyone else's.
 */
const createPersonalModelsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => pluginConfig(strapi).personal;
  let lru: ByteLru<PersonalModel> | null = null;
  const cache = () => (lru ??= new ByteLru<PersonalModel>(settings().cacheBytes));
  const db = () => strapi.db.connection;
  const keyOf = (modelId: number, userId: number) => `${modelId}:${userId}`;

  async function load(
    modelId: number,
    userId: number,
    classes: number
  ): Promise<PersonalModel | null> {
    const key = keyOf(modelId, userId);
    const head = (await db()(MODELS)
      .where({ model_id: modelId, user_id: userId })
      .first('revision')) as { revision: number } | undefined;
    if (!head) {
      cache().delete(key);
      return null;
    }
    const hit = cache().get(key);
    if (
      hit &&
      hit.revision === Number(head.revision) &&
      (classes === 0 || hit.correction.bias.length === classes)
    )
      return hit;
    const row = (await db()(MODELS)
      .where({ model_id: modelId, user_id: userId })
      .first('labels', 'revision', 'weights', 'updated_at_ms')) as PersonalRow | undefined;
    if (!row) return null;
    const model = {
      correction: deserialize(row.weights, classes),
      revision: Number(row.revision),
      updatedAt: Number(row.updated_at_ms),
    };
    model.correction.labels = Number(row.labels);
    cache().set(key, model, correctionBytes(model.correction));
    return model;
  }

  /** Writes the stepped correction if nobody else wrote since `current` was read; false when someone did. */
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

  async function record(
    modelId: number,
    userId: number,
    feedbackDocumentId: string | null,
    label: string,
    step: StepRecord,
    now: number
  ) {
    const changes = {
      before: Math.round(step.before * 1e4) / 1e4,
      bias: step.biasDelta.map((d) => Math.round(d * 1e5) / 1e5),
      tokens: step.top.map((t) => [t.token, Math.round(t.delta * 1e5) / 1e5]),
    };
    await db()(UPDATES).insert({
      model_id: modelId,
      user_id: userId,
      feedback_document_id: feedbackDocumentId,
      label,
      changes: JSON.stringify(changes),
      at_ms: now,
    });
    // Bounded: only the last `keptUpdates` rows of a reader stay.
    const cutoff = (await db()(UPDATES)
      .where({ model_id: modelId, user_id: userId })
      .orderBy('id', 'desc')
      .offset(settings().keptUpdates)
      .first('id')) as { id: number } | undefined;
    if (cutoff)
      await db()(UPDATES)
        .where({ model_id: modelId, user_id: userId })
        .where('id', '<=', cutoff.id)
        .delete();
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
      if (!champion || !input.text.trim()) return null;
      const scored = await getService(strapi, 'runtime').score(champion.hash, [input.text]);
      const classLabels =
        champion.classLabels.length === scored.classLabels.length
          ? champion.classLabels
          : scored.classLabels;
      const labelIndex = classLabels.indexOf(input.label);
      if (labelIndex < 0) return null;
      const base = scored.rows[0].probabilities;
      const x = features(input.text);
      const { learningRate, l2, maxTokens } = settings();
      for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
        const current = await load(rowId(model), userId, classLabels.length);
        const next = current ? clone(current.correction) : emptyCorrection(classLabels.length);
        const step = learn(next, base, x, labelIndex, { learningRate, l2, maxTokens });
        const now = Date.now();
        if (!(await write(rowId(model), userId, current, next, now))) continue;
        await record(rowId(model), userId, input.feedbackDocumentId, input.label, step, now);
        const served = { correction: next, revision: (current?.revision ?? 0) + 1, updatedAt: now };
        cache().set(keyOf(rowId(model), userId), served, correctionBytes(next));
        return this.describe(served);
      }
      throw conflict('Too many concurrent labels from this reader; try again.', {
        model: model.slug,
      });
    },

    /** The reader's correction when it is active (enough labels), else null. */
    async forPredict(
      modelId: number,
      userId: number,
      classes: number
    ): Promise<PersonalModel | null> {
      const model = await load(modelId, userId, classes);
      return model && model.correction.labels >= settings().minLabels ? model : null;
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
      const row = (await db()(MODELS)
        .where({ model_id: rowId(model), user_id: userId })
        .first('labels', 'updated_at_ms')) as PersonalRow | undefined;
      if (!row) return this.describe(null);
      return this.describe({
        correction: { ...emptyCorrection(0), labels: Number(row.labels) },
        revision: 0,
        updatedAt: Number(row.updated_at_ms),
      });
    },

    /** Forgets a reader on a model: their labels, their correction and its update trail. */
    async reset(model: ModelDocument, userId: number): Promise<{ labels: number }> {
      const rows = (await strapi.db.query(UIDS.feedback).findMany({
        where: { model: { id: rowId(model) }, giverKey: readerKey(userId) },
        select: ['id', 'documentId'],
      })) as Array<{ documentId: string }>;
      // Through the document service, one by one: it also removes the rows' relation links.
      for (const row of rows)
        await strapi.documents(UIDS.feedback).delete({ documentId: row.documentId });
      await db()(UPDATES)
        .where({ model_id: rowId(model), user_id: userId })
        .delete();
      await db()(MODELS)
        .where({ model_id: rowId(model), user_id: userId })
        .delete();
      await getService(strapi, 'collective-models').forget(userId, rowId(model));
      await getService(strapi, 'outcomes').forget(rowId(model), readerKey(userId));
      cache().delete(keyOf(rowId(model), userId));
      return { labels: rows.length };
    },

    /** For editors: how many readers have a personal model of this one (no texts, no names). */
    async readers(model: ModelDocument): Promise<{ readers: number; active: number }> {
      const count = async (min: number) => {
        const row = (await db()(MODELS)
          .where({ model_id: rowId(model) })
          .where('labels', '>=', min)
          .count({ n: '*' })
          .first()) as { n: number | string } | undefined;
        return Number(row?.n ?? 0);
      };
      return { readers: await count(1), active: await count(settings().minLabels) };
    },

    /** The last updates of a reader (newest first): which label changed what. */
    async updates(model: ModelDocument, userId: number, limit = 20) {
      const rows = (await db()(UPDATES)
        .where({ model_id: rowId(model), user_id: userId })
        .orderBy('id', 'desc')
        .limit(limit)) as Array<{
        label: string;
        changes: string;
        at_ms: number | string;
        feedback_document_id: string | null;
      }>;
      return rows.map((r) => ({
        label: r.label,
        feedback: r.feedback_document_id,
        at: new Date(Number(r.at_ms)).toISOString(),
        changes: JSON.parse(r.changes),
      }));
    },

    cacheStats: () => cache().stats(),

    destroy() {
      lru?.clear();
      lru = null;
    },
  };
};

export type PersonalModelsService = ReturnType<typeof createPersonalModelsService>;
export default createPersonalModelsService;
