import type { VersionStatus } from './constants';

/**
 * Shared by the server (which enforces it) and the admin (which offers only possible moves).
 * The version lifecycle: which action moves a version from which statuses to which.
 * candidate -> in_review -> approved | rejected; approved -> production | challenger -> archived.
 * Promotion and rollback also archive or restore the model's other production version; the
 * registry does that part, this table only judges the version acted upon.
 */
export const LIFECYCLE = {
  submit: { from: ['candidate'], to: 'in_review' },
  approve: { from: ['in_review'], to: 'approved' },
  reject: { from: ['in_review'], to: 'rejected' },
  // archived: only a version that served before (see `mayServeAgain`), e.g. after a rollback
  promote: { from: ['approved', 'challenger', 'archived'], to: 'production' },
  challenge: { from: ['approved'], to: 'challenger' },
  archive: { from: ['candidate', 'approved', 'rejected', 'challenger'], to: 'archived' },
} as const satisfies Record<string, { from: readonly VersionStatus[]; to: VersionStatus }>;

export type LifecycleAction = keyof typeof LIFECYCLE;
export const LIFECYCLE_ACTIONS = Object.keys(LIFECYCLE) as LifecycleAction[];

/**
 * Statuses whose versions serve traffic now: the only ones a caller without the read permission
 * may pin. An approved version was never exposed to traffic, so pinning it would let any
 * predict-permitted caller fire inputs at a graph no one promoted.
 */
export const SERVING_STATUSES: readonly VersionStatus[] = ['production', 'challenger'];

export class TransitionError extends Error {
  constructor(
    readonly action: string,
    readonly from: VersionStatus,
    readonly allowed: readonly VersionStatus[]
  ) {
    super(
      `Cannot ${action} a version that is ${from}; only a version that is ${allowed.join(' or ')} can be.`
    );
    this.name = 'TransitionError';
  }
}

/**
 * The status after `action`, or a TransitionError if the current status forbids it.
 * `servedBefore` says whether the version was ever in production: an archived version may be
 * promoted again only then (it was approved once), never one archived straight from review.
 */
export function nextStatus(
  action: LifecycleAction,
  from: VersionStatus,
  servedBefore = false
): VersionStatus {
  const rule = LIFECYCLE[action];
  const allowed = (rule.from as readonly VersionStatus[]).includes(from);
  if (!allowed || (action === 'promote' && from === 'archived' && !servedBefore)) {
    throw new TransitionError(
      action,
      from,
      rule.from.filter((s) => s !== 'archived' || action !== 'promote')
    );
  }
  return rule.to;
}

/** Whether `action` is possible from `from` (what the admin uses to offer buttons). */
export function canTransition(
  action: LifecycleAction,
  from: VersionStatus,
  servedBefore = false
): boolean {
  try {
    nextStatus(action, from, servedBefore);
    return true;
  } catch {
    return false;
  }
}
