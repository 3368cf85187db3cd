import { noSource } from '../held-models';
import { InferencePool } from './inference-pool';
import { fakeEndpoints } from './pool-test-support';
import { ReferenceProcess } from './reference-process';

const options = { intraOpNumThreads: 1, interOpNumThreads: 1 };
const SERVING = new Uint8Array([1, 2, 3]);

/** Waits for a condition (a timer's work), failing after ten seconds. */
async function until(condition: () => boolean) {
  for (const end = Date.now() + 10_000; !condition(); ) {
    if (Date.now() > end) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('ReferenceProcess', () => {
  it('answers in one call to the child, then closes it once idle; the next check starts a new one', async () => {
    const { spawn, spawned, requests } = fakeEndpoints();
    const references = new ReferenceProcess(
      () => new InferencePool(1, noSource, spawn),
      () => 1_000,
      20
    );

    const answer = await references.load(
      SERVING,
      { ...options, compiledScorers: true, parityTexts: ['not sent'] },
      ['one', 'two'],
      'evidence'
    );
    expect(Array.from(answer.probabilities)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(answer.local).toBeUndefined();
    expect(requests).toEqual([
      expect.objectContaining({
        op: 'reference',
        bytes: SERVING,
        options, // only what onnxruntime needs: no parity texts, no compiled scorers
        texts: ['one', 'two'],
        evidenceOutput: 'evidence',
      }),
    ]);

    await until(() => !references.running && spawned.every((e) => e.killed));

    await references.load(SERVING, options, ['three'], null);
    expect(spawned).toHaveLength(2);
    expect(references.running).toBe(true);
    await references.close();
    expect(references.running).toBe(false);
    expect(spawned.every((e) => e.killed)).toBe(true);
  });

  it('stays up while checks follow each other closer than its idle time', async () => {
    const { spawn, spawned } = fakeEndpoints();
    const references = new ReferenceProcess(
      () => new InferencePool(1, noSource, spawn),
      () => 1_000,
      60_000
    );
    for (let i = 0; i < 5; i += 1) await references.load(SERVING, options, [`text ${i}`], null);
    expect(spawned).toHaveLength(1);
    expect(spawned[0].killed).toBe(false);
    await references.close();
  });

  it('a check that fails does not keep the process up', async () => {
    const references = new ReferenceProcess(
      () => {
        const pool = new InferencePool(1, noSource, fakeEndpoints().spawn);
        pool.reference = async () => {
          throw new Error('refused');
        };
        return pool;
      },
      () => 1_000,
      20
    );
    await expect(references.load(SERVING, options, ['x'], null)).rejects.toThrow('refused');
    await until(() => !references.running);
  });
});
