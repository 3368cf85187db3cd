import { Batcher } from './batcher';
import { FailureMemo } from './failure-memo';

/** A run we finish by hand, so the test decides what is in flight. */
function controlledRun() {
  const runs: Array<{ texts: string[]; finish: () => void; fail: (e: Error) => void }> = [];
  const run = (texts: string[]) =>
    new Promise<string[]>((resolve, reject) =>
      runs.push({ texts, finish: () => resolve(texts.map((t) => `row:${t}`)), fail: reject })
    );
  return { runs, run };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Batcher', () => {
  it('runs a lone request at the end of the turn, alone', async () => {
    const { runs, run } = controlledRun();
    const batcher = new Batcher(run, () => ({ maxBatchTexts: 64, maxWaitMs: 0 }));

    const answer = batcher.submit(['a']);
    expect(runs).toHaveLength(0);
    await nextTurn();

    expect(runs.map((r) => r.texts)).toEqual([['a']]);
    runs[0].finish();
    expect(await answer).toEqual(['row:a']);
  });

  it('requests of the same turn share one run, each caller getting exactly its own rows', async () => {
    const { runs, run } = controlledRun();
    const batcher = new Batcher(run, () => ({ maxBatchTexts: 64, maxWaitMs: 0 }));
    const first = batcher.submit(['a']);
    const second = batcher.submit(['b', 'c']);
    await nextTurn();

    expect(runs.map((r) => r.texts)).toEqual([['a', 'b', 'c']]);
    runs[0].finish();
    expect(await first).toEqual(['row:a']);
    expect(await second).toEqual(['row:b', 'row:c']);
  });

  it('coalesces what queued during a run into the next run', async () => {
    const { runs, run } = controlledRun();
    const batcher = new Batcher(run, () => ({ maxBatchTexts: 64, maxWaitMs: 0 }));
    const first = batcher.submit(['a']);
    await nextTurn();
    const second = batcher.submit(['b', 'c']);
    const third = batcher.submit(['d']);

    runs[0].finish();
    await first;
    await nextTurn();

    expect(runs.map((r) => r.texts)).toEqual([['a'], ['b', 'c', 'd']]);
    runs[1].finish();
    expect(await second).toEqual(['row:b', 'row:c']);
    expect(await third).toEqual(['row:d']);
    expect(batcher.stats.requestsPerRun).toEqual({ 1: 1, 2: 1 });
  });

  it('never puts more than maxBatchTexts in a run (except a single larger request), and a full batch does not wait', async () => {
    const { runs, run } = controlledRun();
    const batcher = new Batcher(run, () => ({ maxBatchTexts: 3, maxWaitMs: 0 }));
    const answers = [
      batcher.submit(['x']),
      batcher.submit(['a', 'b']),
      batcher.submit(['c', 'd']),
      batcher.submit(['e', 'f', 'g', 'h']),
    ];
    expect(runs.map((r) => r.texts)).toEqual([['x', 'a', 'b']]); // full: run at once

    for (let i = 0; i < 3; i += 1) {
      runs[i].finish();
      await nextTurn();
    }
    await Promise.all(answers);

    expect(runs.map((r) => r.texts)).toEqual([
      ['x', 'a', 'b'],
      ['c', 'd'],
      ['e', 'f', 'g', 'h'],
    ]);
  });

  it('with a wait window, a batch that fills runs at once instead of waiting out the window', async () => {
    const { runs, run } = controlledRun();
    const batcher = new Batcher(run, () => ({ maxBatchTexts: 3, maxWaitMs: 1000 }));
    const first = batcher.submit(['a']);
    expect(runs).toHaveLength(0); // the window is open

    const second = batcher.submit(['b', 'c']);

    expect(runs.map((r) => r.texts)).toEqual([['a', 'b', 'c']]);
    runs[0].finish();
    expect(await first).toEqual(['row:a']);
    expect(await second).toEqual(['row:b', 'row:c']);
  });

  it('a failed run fails only the requests in it', async () => {
    const { runs, run } = controlledRun();
    const batcher = new Batcher(run, () => ({ maxBatchTexts: 64, maxWaitMs: 0 }));
    const first = batcher.submit(['a']);
    await nextTurn();
    const second = batcher.submit(['b']);

    runs[0].fail(new Error('boom'));

    await expect(first).rejects.toThrow('boom');
    await nextTurn();
    runs[1].finish();
    expect(await second).toEqual(['row:b']);
  });
});

describe('FailureMemo', () => {
  it('answers a remembered failure without loading again, until it expires', async () => {
    let ttl = 60_000;
    const memo = new FailureMemo(() => ttl);
    const load = jest.fn(async () => {
      throw new Error('cannot load');
    });

    await expect(memo.guard('h', load)).rejects.toThrow('cannot load');
    await expect(memo.guard('h', load)).rejects.toThrow('cannot load');
    expect(load).toHaveBeenCalledTimes(1);

    ttl = 0;
    const memoOff = new FailureMemo(() => ttl);
    await expect(memoOff.guard('h', load)).rejects.toThrow();
    await expect(memoOff.guard('h', load)).rejects.toThrow();
    expect(load).toHaveBeenCalledTimes(3);
  });
});
