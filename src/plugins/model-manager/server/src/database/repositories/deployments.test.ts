import { deploymentRow } from './deployments';

const stored = {
  id: 4,
  model_id: 1,
  version_id: 9,
  version_number: 2,
  role: 'challenger',
  event: 'start',
  cause: 'challenge',
  traffic_share: 0.25,
  rollback_to: null,
  actor: '{"kind":"admin","id":1,"name":"Ann"}',
  at_ms: 1_767_225_600_000,
};

describe('a row of mm_deployments, as the repository reads it', () => {
  it('reads the numbers PostgreSQL answers as strings (bigint, float) as numbers', () => {
    const fromPostgres = { ...stored, id: '4', at_ms: '1767225600000', traffic_share: '0.25' };

    expect(deploymentRow.parse(fromPostgres)).toEqual(stored);
  });

  it('refuses a row whose role is not one a deployment has', () => {
    expect(deploymentRow.safeParse({ ...stored, role: 'shadow' }).success).toBe(false);
  });
});
