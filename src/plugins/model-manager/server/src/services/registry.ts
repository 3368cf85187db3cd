import { promises as fs } from 'fs';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { errors } from '@strapi/utils';
import { MODEL_EVENTS, UIDS, type VersionStatus } from '../../../shared/constants';
import type { Actor, VersionSummary } from '../../../shared/contracts/models';
import { asRegistry } from '../lifecycle/registry-guard';
import { type LifecycleAction, nextStatus, TransitionError } from '../../../shared/lifecycle';
import { ArtifactError } from '../serving/artifact-error';
import type { ValidatedArtifact } from './runtime';
import { conflict } from '../utils/errors';
import { getService } from '../utils/get-service';
import { pluginConfig } from '../utils/plugin-config';
import { type Doc, toVersionSummary } from './serialize';
import { fieldError } from '../utils/validate';

export interface UploadedFile {
  filepath: string;
  originalFilename?: string | null;
  size: number;
}

interface TransitionOptions {
  actor: Actor;
  comment?: string;
  trafficShare?: number;
}

const sameActor = (a: Actor | null | undefined, b: Actor) => !!a && a.kind === b.kind && String(a.id) === String(b.id);

/**
 * Model versions and their lifecycle: the only code that creates versions or changes a status
 * (the registry guard refuses everyone else). Every transition is one transaction that also
 * writes the audit record and, when serving changes, bumps the routing revision.
 */
const createRegistryService = ({ strapi }: { strapi: Core.Strapi }) => {
  const versions = () => strapi.documents(UIDS.version);

  async function audit(model: Doc, versionNumber: number | null, action: string, from: string | null, to: string | null, options: TransitionOptions) {
    await strapi.documents(UIDS.auditEvent).create({
      data: {
        model: model.documentId,
        versionNumber,
        action,
        fromStatus: from,
        toStatus: to,
        actor: options.actor,
        comment: options.comment ?? null,
        at: new Date().toISOString(),
      } as never,
    });
  }

  async function setStatus(version: Doc, status: VersionStatus, extra: Record<string, unknown> = {}) {
    await versions().update({ documentId: version.documentId, data: { status, ...extra } as never });
  }

  async function bumpRoutingRevision(trx: Knex.Transaction) {
    await trx('mm_routing_state').where({ id: 1 }).increment('revision', 1).update({ updated_at: new Date() });
  }

  async function findVersion(model: Doc, number: number): Promise<Doc | null> {
    return (await versions().findFirst({ filters: { model: { documentId: model.documentId }, number } })) as Doc | null;
  }

  async function requireVersion(slug: string, number: number): Promise<{ model: Doc; version: Doc }> {
    const model = await getService(strapi, 'models').requireModel(slug);
    const version = await findVersion(model, number);
    if (!version) throw new errors.NotFoundError(`Model "${slug}" has no version ${number}`, { slug, version: number });
    return { model, version };
  }

  function judge(action: LifecycleAction, version: Doc): VersionStatus {
    const from = version.status as VersionStatus;
    try {
      return nextStatus(action, from, !!version.promotedAt);
    } catch (error) {
      if (error instanceof TransitionError) throw conflict(error.message, { action, status: from, allowedFrom: error.allowed });
      throw error;
    }
  }

  /** Runs registry writes in one transaction, then lets this instance serve the result at once. */
  async function commit<T>(work: () => Promise<T>, servingChanged: boolean): Promise<T> {
    const result = await asRegistry(() =>
      strapi.db.transaction(async ({ trx }) => {
        const value = await work();
        if (servingChanged) await bumpRoutingRevision(trx);
        return value;
      })
    );
    if (servingChanged) await getService(strapi, 'routing').refresh();
    return result;
  }

  return {
    requireVersion,

    async list(slug: string): Promise<VersionSummary[]> {
      const model = await getService(strapi, 'models').requireModel(slug);
      const docs = (await versions().findMany({ filters: { model: { documentId: model.documentId } }, sort: 'number:desc' })) as Doc[];
      return docs.map(toVersionSummary);
    },

    async get(slug: string, number: number): Promise<VersionSummary> {
      return toVersionSummary((await requireVersion(slug, number)).version);
    },

    /** Validates an uploaded ONNX file in onnxruntime and stores it as a new candidate; nothing is stored on refusal. */
    async createFromUpload(slug: string, file: UploadedFile, notes: string | undefined, actor: Actor): Promise<VersionSummary> {
      const model = await getService(strapi, 'models').requireModel(slug);
      const { maxArtifactBytes } = pluginConfig(strapi);
      if (file.size > maxArtifactBytes) {
        throw new errors.PayloadTooLargeError(`The file is ${file.size} bytes; the limit is ${maxArtifactBytes} (maxArtifactBytes).`, {
          limit: maxArtifactBytes,
          field: 'file',
        });
      }
      const bytes = await fs.readFile(file.filepath);
      const evaluation = getService(strapi, 'evaluation');
      // Scored on the model's evaluation set (if it has one) before it is stored, like a trained version.
      const set = await evaluation.evaluationSet(model);
      const { signature, rows } = await this.loadValidated(bytes, model.labels as string[], set ? set.rows.map((r) => r.text) : []);
      const metrics = set ? (evaluation.evaluateScored(set, rows, signature.classLabels) as unknown as Record<string, unknown>) : null;
      const hash = getService(strapi, 'artifacts').hashOf(bytes);
      return this.storeVersion(model, { bytes, hash, signature, source: 'upload', notes, actor, lineage: { fileName: file.originalFilename ?? null }, metrics });
    },

    /**
     * Checks the bytes in the validation sandbox (load, smoke input, the given texts scored) and the
     * class names against the model's labels. Every refusal is a 400 on `file` naming the problem.
     */
    async loadValidated(bytes: Uint8Array, modelLabels: string[], texts: string[] = []): Promise<ValidatedArtifact> {
      let checked: ValidatedArtifact;
      try {
        checked = await getService(strapi, 'runtime').validate(bytes, texts);
      } catch (error) {
        if (error instanceof ArtifactError) {
          throw fieldError(['file'], error.message, { problem: error.problem }, error.message);
        }
        throw error;
      }
      const integers = checked.signature.classLabels.map((_, i) => String(i)).join(',');
      if (checked.signature.integerClasses && checked.signature.classLabels.join(',') === integers && checked.signature.classLabels.length === modelLabels.length) {
        // scikit-learn classes 0..C-1 name the model's labels in order; the version says so
        const classesFrom = `${checked.signature.classesFrom}: classes ${checked.signature.classLabels.join(', ')} are this model's labels ${modelLabels.join(', ')}, in order`;
        return { ...checked, signature: { ...checked.signature, classLabels: [...modelLabels], classesFrom } };
      }
      const expected = [...modelLabels].sort().join(', ');
      const found = [...checked.signature.classLabels].sort().join(', ');
      if (expected !== found) {
        const message = `The model's classes (${found}) do not match this model's labels (${expected}).`;
        throw fieldError(['file'], message, { problem: 'class_names_mismatch' }, message);
      }
      return checked;
    },

    /** Writes artifact bytes, a fresh version number and the version document in one transaction. */
    async storeVersion(
      model: Doc,
      input: {
        bytes: Uint8Array;
        hash: string;
        signature: object;
        source: 'upload' | 'training';
        notes?: string;
        actor: Actor;
        lineage: Record<string, unknown>;
        metrics?: Record<string, unknown> | null;
      }
    ): Promise<VersionSummary> {
      const doc = await asRegistry(() =>
        strapi.db.transaction(async ({ trx }) => {
          await getService(strapi, 'artifacts').store(trx, input.hash, input.bytes);
          // Row lock on the model: concurrent uploads get consecutive numbers, never the same one.
          await trx('mm_models').where({ id: model.id }).increment('version_counter', 1);
          const { version_counter: number } = await trx('mm_models').where({ id: model.id }).first('version_counter');
          const version = (await versions().create({
            data: {
              model: model.documentId,
              number: Number(number),
              status: 'candidate',
              source: input.source,
              artifactHash: input.hash,
              artifactSize: input.bytes.byteLength,
              signature: input.signature,
              metrics: input.metrics ?? null,
              lineage: input.lineage,
              notes: input.notes ?? null,
              createdByActor: input.actor,
            } as never,
          })) as Doc;
          await audit(model, version.number, 'create', null, 'candidate', { actor: input.actor, comment: input.notes });
          return version;
        })
      );
      getService(strapi, 'events').emit(MODEL_EVENTS.versionCreated, {
        model: model.slug,
        version: doc.number,
        status: 'candidate',
        source: input.source,
        actor: input.actor,
      });
      return toVersionSummary(doc);
    },

    /** submit, approve, reject, challenge, archive: one version changes status. */
    async transition(slug: string, number: number, action: Exclude<LifecycleAction, 'promote'>, options: TransitionOptions): Promise<VersionSummary> {
      const { model, version } = await requireVersion(slug, number);
      const to = judge(action, version);
      const { fourEyes } = pluginConfig(strapi);
      // PolicyError, not ForbiddenError: Strapi would replace the latter's message with "Forbidden".
      if (action === 'approve' && fourEyes && sameActor(version.createdByActor, options.actor)) {
        throw new errors.PolicyError('Four-eyes rule: the person who uploaded or trained a version cannot approve it.', { rule: 'four-eyes' });
      }
      const review = action === 'approve' || action === 'reject';
      const extra: Record<string, unknown> = review
        ? { reviewedByActor: options.actor, reviewedAt: new Date().toISOString(), reviewComment: options.comment ?? null }
        : {};
      if (action === 'challenge') extra.trafficShare = options.trafficShare ?? 0.1;
      const servingChanged = action === 'challenge' || version.status === 'challenger';
      await commit(async () => {
        await setStatus(version, to, extra);
        await audit(model, number, action, version.status, to, options);
      }, servingChanged);
      const event = action === 'approve' ? MODEL_EVENTS.versionApproved : action === 'reject' ? MODEL_EVENTS.versionRejected : null;
      if (event) getService(strapi, 'events').emit(event, { model: slug, version: number, status: to, actor: options.actor, comment: options.comment });
      return this.get(slug, number);
    },

    /** Makes an approved (or challenger) version the champion; the old champion is archived, kept for rollback. */
    async promote(slug: string, number: number, options: TransitionOptions): Promise<VersionSummary> {
      const { model, version } = await requireVersion(slug, number);
      const to = judge('promote', version);
      await commit(async () => {
        const current = (await versions().findFirst({ filters: { model: { documentId: model.documentId }, status: 'production' } })) as Doc | null;
        if (current) {
          await setStatus(current, 'archived');
          await audit(model, current.number, 'retire', 'production', 'archived', options);
        }
        await setStatus(version, to, { promotedAt: new Date().toISOString(), trafficShare: null });
        await audit(model, number, 'promote', version.status, to, options);
      }, true);
      getService(strapi, 'events').emit(MODEL_EVENTS.versionPromoted, { model: slug, version: number, status: to, actor: options.actor, comment: options.comment });
      return this.get(slug, number);
    },

    /** The previous champion serves again; the current one is archived. */
    async rollback(slug: string, options: TransitionOptions): Promise<VersionSummary> {
      const model = await getService(strapi, 'models').requireModel(slug);
      const byModel = { model: { documentId: model.documentId } };
      const current = (await versions().findFirst({ filters: { ...byModel, status: 'production' } })) as Doc | null;
      if (!current) throw conflict(`Model "${slug}" has no production version to roll back.`, { slug });
      const previous = (await versions().findFirst({
        filters: { ...byModel, status: 'archived', promotedAt: { $lt: current.promotedAt } },
        sort: 'promotedAt:desc',
      })) as Doc | null;
      if (!previous) throw conflict(`Model "${slug}" has no earlier production version to roll back to.`, { slug });
      await commit(async () => {
        await setStatus(current, 'archived');
        await audit(model, current.number, 'rollback', 'production', 'archived', options);
        await setStatus(previous, 'production');
        await audit(model, previous.number, 'restore', 'archived', 'production', options);
      }, true);
      getService(strapi, 'events').emit(MODEL_EVENTS.modelRolledBack, {
        model: slug,
        version: previous.number,
        status: 'production',
        rolledBackFrom: current.number,
        actor: options.actor,
        comment: options.comment,
      });
      return this.get(slug, previous.number);
    },

    async auditTrail(slug: string) {
      const model = await getService(strapi, 'models').requireModel(slug);
      const events = (await strapi.documents(UIDS.auditEvent).findMany({
        filters: { model: { documentId: model.documentId } },
        sort: ['at:desc', 'id:desc'],
        limit: 500,
      })) as Doc[];
      return events.map(({ versionNumber, action, fromStatus, toStatus, actor, comment, at }) => ({
        versionNumber,
        action,
        fromStatus,
        toStatus,
        actor,
        comment,
        at,
      }));
    },
  };
};

export type RegistryService = ReturnType<typeof createRegistryService>;
export default createRegistryService;
