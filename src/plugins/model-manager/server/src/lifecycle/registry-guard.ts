import { AsyncLocalStorage } from 'async_hooks';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UIDS } from '../../../shared/constants';

/**
 * Only the registry service may create versions or change their status and identity. It runs
 * its writes inside `asRegistry`; a document-service middleware refuses the same writes from
 * anywhere else (the Content Manager, another plugin, a script), so the state machine cannot be
 * bypassed. PolicyError (403) because Strapi's authorize step turns any other ForbiddenError
 * raised behind it into a bare "Forbidden", and the editor deserves the reason.
 */
const registryScope = new AsyncLocalStorage<true>();

export function asRegistry<T>(fn: () => Promise<T>): Promise<T> {
  return registryScope.run(true, fn);
}

const PROTECTED_FIELDS = ['status', 'number', 'artifactHash', 'artifactSize', 'source', 'signature', 'promotedAt'];

/** A relation payload that changes nothing, as the Content Manager sends on every save. */
function isNoopRelation(value: unknown): boolean {
  const v = value as { connect?: unknown[]; disconnect?: unknown[]; set?: unknown } | null;
  return !!v && typeof v === 'object' && !v.set && !v.connect?.length && !v.disconnect?.length;
}

async function changedProtectedFields(strapi: Core.Strapi, documentId: string, data: Record<string, unknown>) {
  const current = (await strapi.db.query(UIDS.version).findOne({ where: { documentId } })) as Record<string, unknown> | null;
  const changed = PROTECTED_FIELDS.filter(
    (field) => field in data && JSON.stringify(data[field]) !== JSON.stringify(current?.[field])
  );
  if ('model' in data && !isNoopRelation(data.model)) changed.push('model');
  return changed;
}

export function registerVersionGuard(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== UIDS.version || registryScope.getStore()) return next();
    const data = ((context.params as { data?: Record<string, unknown> }).data ?? {}) as Record<string, unknown>;
    if (context.action === 'create' || context.action === 'clone') {
      throw new errors.PolicyError('Model versions are created by uploading or training, not edited in directly.');
    }
    if (context.action === 'update') {
      const documentId = (context.params as { documentId?: string }).documentId ?? '';
      const touched = await changedProtectedFields(strapi, documentId, data);
      if (touched.length) {
        throw new errors.PolicyError(
          `${touched.join(', ')} of a model version change only through its lifecycle (submit, approve, promote...).`,
          { fields: touched }
        );
      }
    }
    if (context.action === 'delete') {
      throw new errors.PolicyError('Model versions are archived through their lifecycle, not deleted.');
    }
    return next();
  });
}
