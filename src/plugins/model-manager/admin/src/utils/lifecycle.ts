import type { VersionStatus } from '../../../shared/constants';
import type { VersionSummary } from '../../../shared/contracts/models';
import { canTransition } from '../../../shared/lifecycle';
import type { VersionAction } from '../api';
import type { MessageKey } from '../hooks/useT';

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

/** The buttons a version offers: every step its status allows (whether this admin may take it is `whyNot`). */
export const actionsFor = (status: VersionStatus, servedBefore = false): VersionAction[] =>
  (Object.keys(ACTION_PERMISSION) as VersionAction[]).filter((action) =>
    canTransition(action, status, servedBefore)
  );

/**
 * Why this admin may not take the step, or null. Four-eyes is judged from the version's author
 * as an admin; an author acting through an API token is only known to the server, which refuses.
 */
export function whyNot(
  action: VersionAction,
  version: Pick<VersionSummary, 'createdByActor'>,
  allowed: Record<PermissionKey, boolean>,
  adminId: number | string | null
): MessageKey | null {
  if (!allowed[ACTION_PERMISSION[action]])
    return ACTION_PERMISSION[action] === 'review' ? 'actions.why.noReview' : 'actions.why.noDeploy';
  const author = version.createdByActor;
  if (
    action === 'approve' &&
    adminId !== null &&
    author?.kind === 'admin' &&
    String(author.id) === String(adminId)
  )
    return 'actions.why.fourEyes';
  return null;
}
