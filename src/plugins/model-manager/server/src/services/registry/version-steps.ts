import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UIDS, type VersionStatus } from '../../../../shared/constants';
import { type LifecycleAction, nextStatus, TransitionError } from '../../../../shared/lifecycle';
import { conflict } from '../../utils/errors';
import type { ModelDocument, VersionDocument } from '../../types/documents';

/**
 * The steps every transition takes inside the model's lock: re-read the version, judge the action
 * against the state machine (shared/lifecycle.ts), and move it only if it still has the status
 * judged.
 */
export const versionSteps = (strapi: Core.Strapi) => {
  async function lockedVersion(model: ModelDocument, number: number): Promise<VersionDocument> {
    const version = await strapi
      .documents(UIDS.version)
      .findFirst({ filters: { model: { documentId: model.documentId }, number } });
    if (!version)
      throw new errors.NotFoundError(`Model "${model.slug}" has no version ${number}`, {
        slug: model.slug,
        version: number,
      });
    return version;
  }

  function judge(
    action: LifecycleAction,
    version: VersionDocument,
    onlyFrom?: readonly VersionStatus[]
  ): VersionStatus {
    const from = version.stage as VersionStatus;
    if (onlyFrom && !onlyFrom.includes(from)) {
      throw conflict(
        `Cannot ${action} a version that is ${from} here; only a version that is ${onlyFrom.join(' or ')} can be.`,
        { action, status: from, allowedFrom: onlyFrom }
      );
    }
    try {
      return nextStatus(action, from, !!version.promotedAt);
    } catch (error) {
      if (error instanceof TransitionError)
        throw conflict(error.message, { action, status: from, allowedFrom: error.allowed });
      throw error;
    }
  }

  /** Conditional on the status judged: a concurrent change the lock did not cover is a 409, never a double move. */
  async function move(
    version: VersionDocument,
    from: VersionStatus,
    to: VersionStatus,
    extra: Record<string, unknown> = {}
  ) {
    const { count } = await strapi.db.query(UIDS.version).updateMany({
      where: { id: version.id, stage: from },
      data: { stage: to, updatedAt: new Date(), ...extra },
    });
    if (count !== 1)
      throw conflict(
        `Version ${version.number} changed while this request was deciding; try again.`,
        { version: version.number }
      );
  }

  return { lockedVersion, judge, move };
};
