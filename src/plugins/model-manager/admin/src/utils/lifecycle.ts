import type { VersionStatus } from '../../../shared/constants';
import type { VersionAction } from '../api';

export type PermissionKey = 'review' | 'deploy';

/**
 * Which buttons a version offers, by status. This mirrors the server's state machine only to
 * avoid offering impossible moves: the server stays the judge and answers 409 otherwise.
 */
export const VERSION_ACTIONS: Record<VersionAction, { from: readonly VersionStatus[]; permission: PermissionKey }> = {
  submit: { from: ['candidate'], permission: 'review' },
  approve: { from: ['in_review'], permission: 'review' },
  reject: { from: ['in_review'], permission: 'review' },
  promote: { from: ['approved', 'challenger'], permission: 'deploy' },
  challenge: { from: ['approved'], permission: 'deploy' },
  archive: { from: ['candidate', 'approved', 'rejected', 'challenger'], permission: 'deploy' },
};

export const actionsFor = (status: VersionStatus, allowed: Record<PermissionKey, boolean>): VersionAction[] =>
  (Object.keys(VERSION_ACTIONS) as VersionAction[]).filter(
    (action) => VERSION_ACTIONS[action].from.includes(status) && allowed[VERSION_ACTIONS[action].permission]
  );
