import type { AuditEvent } from '../../../shared/contracts/versions';
import { servingAt } from './servedAt';

const actor = { kind: 'admin', id: 1, name: 'Ada' };
const event = (at: string, versionNumber: number, action: string, fromStatus: string | null, toStatus: string): AuditEvent => ({
  versionNumber,
  action,
  fromStatus,
  toStatus,
  actor,
  comment: null,
  at,
});

// The trail as the server sends it: newest first.
const trail: AuditEvent[] = [
  event('2025-01-05T10:00:00.000Z', 1, 'restore', 'archived', 'production'),
  event('2025-01-05T10:00:00.000Z', 2, 'rollback', 'production', 'archived'),
  event('2025-01-04T10:00:00.000Z', 3, 'challenge', 'approved', 'challenger'),
  event('2025-01-03T10:00:00.000Z', 2, 'promote', 'approved', 'production'),
  event('2025-01-03T10:00:00.000Z', 1, 'retire', 'production', 'archived'),
  event('2025-01-02T10:00:00.000Z', 1, 'promote', 'approved', 'production'),
  event('2025-01-01T10:00:00.000Z', 1, 'create', null, 'candidate'),
];

describe('which version served at an instant, replayed from the audit trail', () => {
  it('answers none before the first promotion', () => {
    expect(servingAt(trail, new Date('2025-01-01T12:00:00Z'))).toEqual({ production: null, challengers: [], since: null });
  });

  it('follows a promotion that retires the previous champion', () => {
    expect(servingAt(trail, new Date('2025-01-03T12:00:00Z')).production).toBe(2);
  });

  it('lists challengers beside the champion', () => {
    expect(servingAt(trail, new Date('2025-01-04T12:00:00Z'))).toMatchObject({ production: 2, challengers: [3] });
  });

  it('when a rollback and its restore share an instant, the restored version serves', () => {
    const state = servingAt(trail, new Date('2025-01-06T00:00:00Z'));
    expect(state.production).toBe(1);
    expect(state.since).toBe('2025-01-05T10:00:00.000Z');
  });

  it('does not depend on the order the events arrive in', () => {
    const shuffled = [...trail].reverse();
    expect(servingAt(shuffled, new Date('2025-01-03T12:00:00Z')).production).toBe(2);
  });
});
