import knexFactory, { type Knex } from 'knex';
import { up as artifactsUp } from '../migrations/artifacts';
import { up as monitoringUp } from '../migrations/monitoring';
import { up as retrainingUp } from '../migrations/retraining';
import {
  artifactChunk,
  artifactExists,
  artifactHead,
  insertArtifact,
  insertChunk,
} from './artifacts';
import {
  daysFrom,
  insertAlert,
  instanceDay,
  lastAlertAfter,
  saveInstanceDay,
  saveThresholds,
  thresholdsOf,
} from './monitoring';
import { allPolicies, insertDecision, lastDecision, policyOf, savePolicy } from './retraining';
import { bumpRoutingRevision, routingRevision } from './routing-state';

/** The plugin's own tables on an in-memory SQLite, through the repositories that own them. */
describe('repositories over the plugin tables', () => {
  let db: Knex;
  beforeAll(async () => {
    db = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    await artifactsUp(db);
    await monitoringUp(db);
    await retrainingUp(db);
  });
  afterAll(() => db.destroy());

  it('write an instance day and read it back with its JSON counts parsed', async () => {
    const key = { model_id: 1, day: '2026-01-02', instance: 'a' };
    const counts = {
      served: 3,
      undecided: 1,
      no_evidence: 0,
      sampled: 2,
      shadow_scored: 0,
      shadow_agreed: 0,
      labels: { x: 3 },
      variants: { champion: 3 },
      tokens: { word: 4 },
    };
    expect(await instanceDay(db, key)).toBeNull();
    await saveInstanceDay(db, key, null, counts);
    const row = await instanceDay(db, key);
    expect(row).toEqual({ ...counts, id: expect.any(Number), day: key.day });

    await saveInstanceDay(db, key, row!.id, { ...counts, served: 5 });
    expect((await daysFrom(db, 1, '2026-01-01')).map((d) => d.served)).toEqual([5]);
    expect(await daysFrom(db, 1, '2026-01-03')).toEqual([]);
  });

  it('keep a model thresholds and its alerts, one per day and figure', async () => {
    expect(await thresholdsOf(db, 1)).toBeNull();
    await saveThresholds(db, 1, { drift: 0.2, decay: null });
    expect(await thresholdsOf(db, 1)).toEqual({ drift: 0.2, decay: null });

    const alert = { day: '2026-01-02', metric: 'drift', value: 0.5, threshold: 0.2 };
    expect(await insertAlert(db, 1, alert)).toBe(true);
    expect(await insertAlert(db, 1, alert)).toBe(false);
    expect(await lastAlertAfter(db, 1, 0)).toEqual({ ...alert, at_ms: expect.any(Number) });
    expect(await lastAlertAfter(db, 1, Date.now() + 1000)).toBeNull();
  });

  it('keep a retraining policy as parsed JSON and the latest decision', async () => {
    expect(await policyOf(db, 1)).toBeNull();
    await savePolicy(db, 1, { enabled: true, newLabels: 10 }, 'editor');
    expect(await policyOf(db, 1)).toEqual({
      model_id: 1,
      policy: { enabled: true, newLabels: 10 },
      updated_at_ms: expect.any(Number),
    });
    expect(await allPolicies(db)).toEqual([
      { model_id: 1, policy: { enabled: true, newLabels: 10 } },
    ]);

    const decision = {
      trigger: 'labels',
      outcome: 'skipped',
      detail: 'd',
      run_document_id: null,
      at_ms: 5,
    } as const;
    await insertDecision(db, 1, decision);
    await insertDecision(db, 1, { ...decision, outcome: 'queued', run_document_id: 'r' });
    expect(await lastDecision(db, 1)).toEqual({
      ...decision,
      outcome: 'queued',
      run_document_id: 'r',
    });
  });

  it('store artifact chunks and the routing revision', async () => {
    expect(await artifactExists(db, 'h')).toBe(false);
    await insertArtifact(db, 'h', 3, 1);
    await insertChunk(db, 'h', 0, Buffer.from([1, 2, 3]));
    expect(await artifactHead(db, 'h')).toEqual({ size: 3, chunk_count: 1 });
    expect(await artifactChunk(db, 'h', 0)).toEqual(Buffer.from([1, 2, 3]));
    expect(await artifactChunk(db, 'h', 1)).toBeNull();

    expect(await routingRevision(db)).toBe(0);
    await bumpRoutingRevision(db);
    expect(await routingRevision(db)).toBe(1);
  });
});
