import type { AuditEvent } from '../../../shared/contracts/versions';

export interface ServingState {
  production: number | null;
  challengers: number[];
  /** the last serving change at or before the instant, if any */
  since: string | null;
}

/**
 * Which versions served at an instant, replayed from the audit trail (any order): a version
 * enters production on promote/restore (to "production") and leaves it on retire/rollback (from
 * "production"); challengers likewise by their own transitions.
 */
export function servingAt(events: AuditEvent[], at: Date): ServingState {
  const limit = at.getTime();
  // The trail comes newest first; reversed, equal instants keep the order they were written in.
  const ordered = [...events]
    .reverse()
    .filter((event) => event.versionNumber !== null && new Date(event.at).getTime() <= limit)
    .sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
  let production: number | null = null;
  const challengers = new Set<number>();
  let since: string | null = null;
  for (const event of ordered) {
    const version = event.versionNumber as number;
    const touchesServing = [event.fromStatus, event.toStatus].some((s) => s === 'production' || s === 'challenger');
    if (event.fromStatus === 'production' && production === version) production = null;
    if (event.fromStatus === 'challenger') challengers.delete(version);
    if (event.toStatus === 'production') production = version;
    if (event.toStatus === 'challenger') challengers.add(version);
    if (touchesServing) since = event.at;
  }
  return { production, challengers: [...challengers].sort((a, b) => a - b), since };
}
