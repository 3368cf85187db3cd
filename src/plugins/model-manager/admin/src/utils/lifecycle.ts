import type { VersionStatus } from '../../../shared/constants';
import { canTransition } from '../../../shared/lifecycle';
import type { VersionAction } from '../api';

export type PermissionKey = 'review' | 'deploy';

/** Which RBAC action each version button needs; which status allows it is the shared state machine's call. */
export const ACTION_PERMISSION: Record<VersionAction, PermissionKey> = {
  submit: 'review',
  approve: 'review',
  reject: 'review',
  promote: 'deploy',
  challenge: 'deploy',
  archive: 'deploy',
};

/** The buttons a version offers: possible from its status, and allowed by the user's role (the server judges anyway). */
export const actionsFor = (status: VersionStatus, allowed: Record<PermissionKey, boolean>, servedBefore = false): VersionAction[] =>
  (Object.keys(ACTION_PERMISSION) as VersionAction[]).filter(
    (action) => canTransition(action, status, servedBefore) && allowed[ACTION_PERMISSION[action]]
  );
