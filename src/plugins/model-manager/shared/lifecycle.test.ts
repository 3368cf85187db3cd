import { VERSION_STATUSES, type VersionStatus } from './constants';
import { LIFECYCLE, LIFECYCLE_ACTIONS, nextStatus, TransitionError } from './lifecycle';

describe('version lifecycle', () => {
  it.each([
    ['submit', 'candidate', 'in_review'],
    ['approve', 'in_review', 'approved'],
    ['reject', 'in_review', 'rejected'],
    ['promote', 'approved', 'production'],
    ['promote', 'challenger', 'production'],
    ['challenge', 'approved', 'challenger'],
    ['archive', 'challenger', 'archived'],
  ] as const)('%s moves a %s version to %s', (action, from, to) => {
    expect(nextStatus(action, from)).toBe(to);
  });

  it.each([
    ['approve', 'candidate'],
    ['promote', 'candidate'],
    ['promote', 'in_review'],
    ['promote', 'rejected'],
    ['submit', 'production'],
    ['challenge', 'production'],
    ['archive', 'production'],
  ] as const)('%s of a %s version is refused', (action, from) => {
    expect(() => nextStatus(action, from)).toThrow(TransitionError);
  });

  it('promotes an archived version again only if it served before', () => {
    expect(nextStatus('promote', 'archived', true)).toBe('production');
    expect(() => nextStatus('promote', 'archived', false)).toThrow(TransitionError);
  });

  it('refuses every pair not in the table, and names what would be allowed', () => {
    for (const action of LIFECYCLE_ACTIONS) {
      for (const from of VERSION_STATUSES) {
        const allowed = (LIFECYCLE[action].from as readonly VersionStatus[]).includes(from);
        if (allowed) continue;
        expect(() => nextStatus(action, from)).toThrow(/only a version that is/);
      }
    }
  });

  it('never lets a version reach production without having been approved', () => {
    const reachable = new Set<VersionStatus>();
    const walk = (status: VersionStatus, approved: boolean) => {
      for (const action of LIFECYCLE_ACTIONS) {
        let next: VersionStatus;
        try {
          next = nextStatus(action, status); // never served before: this walk starts from an upload
        } catch {
          continue;
        }
        const key = `${next}:${approved || next === 'approved'}` as VersionStatus;
        if (reachable.has(key)) continue;
        reachable.add(key);
        if (next === 'production') expect(approved).toBe(true);
        walk(next, approved || next === 'approved');
      }
    };
    walk('candidate', false);
  });
});
