import { AsyncLocalStorage } from 'async_hooks';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UIDS } from '../../../shared/constants';
import { changedFields, type FieldKind, isNoopRelation } from './field-changes';

/**
 * Only the registry (versions, lifecycle) writes what the lifecycle owns. It runs its writes
 * inside `asRegistry`; document-service middlewares refuse the same writes from anywhere else
 * (the Content Manager's routes, another plugin, a script), so neither the state machine nor the
 * record can be bypassed. PolicyError (403) because Strapi's authorize step turns any other
 * ForbiddenError raised behind it into a bare "Forbidden", and the editor deserves the reason.
 */
const registryScope = new AsyncLocalStorage<true>();

export function asRegistry<T>(fn: () => Promise<T>): Promise<T> {
  return registryScope.run(true, fn);
}

/** Every version field the lifecycle, upload or training writes; editors may change `notes` only. */
export const VERSION_FIELDS: Record<string, FieldKind> = {
  title: 'scalar',
  number: 'number',
  stage: 'scalar',
  source: 'scalar',
  artifactHash: 'scalar',
  artifactSize: 'number',
  signature: 'json',
  metrics: 'json',
  lineage: 'json',
  createdByActor: 'json',
  reviewedByActor: 'json',
  reviewedAt: 'datetime',
  reviewComment: 'scalar',
  reviewedGate: 'json',
  trafficShare: 'number',
  promotedAt: 'datetime',
};

const MODEL_FIELDS: Record<string, FieldKind> = { versionCounter: 'number' };

/**
 * What decides what serves and how it is judged: the slug routing and clients address it by, its
 * scope, its evaluation set (the promotion gate's evidence). Set when the model is created;
 * changing one afterwards (routing left on the old slug, the gate switched off) is refused.
 */
const MODEL_IDENTITY: Record<string, FieldKind> = {
  slug: 'scalar',
  scope: 'scalar',
  evaluationDataset: 'scalar',
};
/** A personal or collective model's owner, base and members: the collective-model service's. */
const MODEL_RELATIONS = ['owner', 'baseModel', 'members'];

type Context = {
  uid: string;
  action: string;
  params: { documentId?: string; data?: Record<string, unknown> };
};

const refuse = (message: string, details: Record<string, unknown> = {}) =>
  new errors.PolicyError(message, details);

async function guardVersion(strapi: Core.Strapi, { action, params }: Context) {
  if (action === 'create' || action === 'clone')
    throw refuse('Model versions are created by uploading or training, not edited in directly.');
  if (action === 'delete')
    throw refuse('Model versions are archived through their lifecycle, not deleted.');
  if (action !== 'update') return;
  const data = params.data ?? {};
  const current = (await strapi.db
    .query(UIDS.version)
    .findOne({ where: { documentId: params.documentId } })) as Record<string, unknown> | null;
  const touched = changedFields(VERSION_FIELDS, current, data);
  if ('model' in data && !isNoopRelation(data.model)) touched.push('model');
  if (touched.length) {
    throw refuse(
      `${touched.join(', ')} of a model version change only through its lifecycle (upload, submit, approve, promote...).`,
      { fields: touched }
    );
  }
}

async function guardModel(strapi: Core.Strapi, { action, params }: Context) {
  if (action !== 'update' && action !== 'delete') return;
  const where = { model: { documentId: params.documentId } };
  if (action === 'delete') {
    const serving = await strapi.db
      .query(UIDS.version)
      .count({ where: { ...where, stage: { $in: ['production', 'challenger'] } } });
    if (serving)
      throw refuse(
        'This model serves predictions (a production or challenger version), so it cannot be deleted.',
        { rule: 'serving-model' }
      );
    return;
  }
  const data = params.data ?? {};
  const current = (await strapi.db
    .query(UIDS.model)
    .findOne({ where: { documentId: params.documentId } })) as Record<string, unknown> | null;
  const touched = changedFields(MODEL_FIELDS, current, data);
  if ('versions' in data && !isNoopRelation(data.versions)) touched.push('versions');
  if (touched.length)
    throw refuse(
      `${touched.join(', ')} of a model change only by uploading or training versions.`,
      { fields: touched }
    );
  const identity = [
    ...changedFields(MODEL_IDENTITY, current, data),
    ...MODEL_RELATIONS.filter((field) => field in data && !isNoopRelation(data[field])),
  ];
  if (identity.length)
    throw refuse(
      `${identity.join(', ')} of a model are set when it is created: changing them would change what serves, or how it is judged, behind its audit.`,
      { fields: identity }
    );
  if (changedFields({ labels: 'json' }, current, data).length) {
    const served = await strapi.db.query(UIDS.version).count({
      where: {
        ...where,
        $or: [{ promotedAt: { $notNull: true } }, { stage: { $in: ['production', 'challenger'] } }],
      },
    });
    if (served)
      throw refuse(
        'The labels of a model whose versions have served cannot change: their predictions were given in these labels.',
        { fields: ['labels'] }
      );
  }
}

function guardAudit({ action }: Context) {
  if (
    ['create', 'update', 'delete', 'clone', 'publish', 'unpublish', 'discardDraft'].includes(action)
  ) {
    throw refuse(
      'The audit trail is append-only: entries are written by the lifecycle and never changed.'
    );
  }
}

export function registerRegistryGuard(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    if (registryScope.getStore()) return next();
    const ctx = context as unknown as Context;
    if (ctx.uid === UIDS.version) await guardVersion(strapi, ctx);
    else if (ctx.uid === UIDS.model) await guardModel(strapi, ctx);
    else if (ctx.uid === UIDS.auditEvent) guardAudit(ctx);
    return next();
  });
}
