import { parseJson, RunLog, thinCurve, toIso, toRunSummary } from './run-summary';

describe('toRunSummary', () => {
  const base = { documentId: 'abc', status: 'queued', createdAt: '2026-01-02T03:04:05.000Z' };

  it('answers the public shape, with version and error only when there are some', () => {
    const queued = toRunSummary({
      ...base,
      progress: '0.25',
      model: { slug: 'm' },
      logs: '["a"]',
      lossCurve: '[[1,0.7]]',
      requestedByActor: { kind: 'admin', id: 1, name: 'Ada' },
    });
    const done = toRunSummary({
      ...base,
      status: 'succeeded',
      resultVersion: 3,
      progress: 1,
      startedAt: 1767323045000,
    });
    const failed = toRunSummary({ ...base, status: 'failed', error: 'boom' });

    expect(queued).toEqual({
      documentId: 'abc',
      model: 'm',
      status: 'queued',
      progress: 0.25,
      phase: null,
      parameters: null,
      datasetSize: null,
      datasetHash: null,
      sources: null,
      logs: ['a'],
      lossCurve: [[1, 0.7]],
      requestedBy: 'Ada',
      createdAt: base.createdAt,
      startedAt: null,
      finishedAt: null,
    });
    expect(done).toMatchObject({ version: 3, progress: 1, startedAt: '2026-01-02T03:04:05.000Z' });
    expect('error' in done).toBe(false);
    expect(failed).toMatchObject({ error: 'boom' });
    expect('version' in failed).toBe(false);
  });
});

describe('thinCurve', () => {
  it('keeps a loss curve bounded, with its first and newest points', () => {
    let curve: Array<[number, number]> = [];
    for (let i = 1; i <= 1000; i++) curve = thinCurve(curve, [i, 1 / i], 50);

    expect(curve.length).toBeLessThanOrEqual(50);
    expect(curve[0]).toEqual([1, 1]);
    expect(curve[curve.length - 1]).toEqual([1000, 1 / 1000]);
    expect(curve.map(([i]) => i)).toEqual([...curve.map(([i]) => i)].sort((a, b) => a - b));
  });
});

describe('toIso and parseJson', () => {
  it('normalise what either database returns', () => {
    const at = new Date('2026-05-06T07:08:09.010Z');
    expect([
      toIso(at),
      toIso(at.getTime()),
      toIso(String(at.getTime())),
      toIso(at.toISOString()),
    ]).toEqual(Array(4).fill(at.toISOString()));
    expect(toIso(null)).toBeNull();
    expect(parseJson('{"a":1}', null)).toEqual({ a: 1 });
    expect(parseJson({ a: 1 }, null)).toEqual({ a: 1 });
    expect(parseJson('not json', [])).toEqual([]);
  });
});

describe('RunLog', () => {
  it('appends timestamped lines and keeps the newest ones', () => {
    const log = new RunLog('["old"]', 2);

    log
      .add('one', new Date('2026-01-01T00:00:00.000Z'))
      .add('two', new Date('2026-01-01T00:00:01.000Z'));

    expect(log.lines).toEqual(['2026-01-01T00:00:00.000Z one', '2026-01-01T00:00:01.000Z two']);
    expect(JSON.parse(log.toJSON())).toEqual(log.lines);
  });
});
