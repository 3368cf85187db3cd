import { noSource } from '../held-models';
import { InferencePool } from './inference-pool';
import { fakeEndpoints } from './pool-test-support';
import { ReferenceProcess } from './reference-process';

const options = { intraOpNumThreads: 1, interOpNumThreads: 1 };
const HASH = 'c'.repeat(64);
const GRAPHS = { uploaded: new Uint8Array(4), serving: new Uint8Array(8) };

/** Waits for a condition (a timer's work), failing after ten seconds. */
async function until(condition: () => boolean) {
  for (const end = Date.now() + 10_000; !condition(); ) {
    if (Date.now() > end) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('ReferenceProcess', () => {
  it('loads with compiled scorers off, releases the model, and closes the process once idle', async () => {
    const { spawn, spawned } = fakeEndpoints();
    const loads: unknown[] = [];
    const references = new ReferenceProcess(
      () => {
        const pool = new InferencePool(1, noSource, spawn);
        const load = pool.load.bind(pool);
        pool.load = (hash, bytes, loadOptions) => {
          loads.push({ bytes: bytes.byteLength, ...loadOptions });
          return load(hash, bytes, loadOptions);
        };
        return pool;
      },
      () => 1_000,
      20
    );

    const reference = await references.load(HASH, GRAPHS, {
      ...options,
      parityTexts: ['kept out of the child'],
    });
    // the artifact as uploaded: the child derives the serving graph itself
    expect(loads).toEqual([
      { bytes: 4, ...options, compiledScorers: false, parityTexts: undefined },
    ]);
    const answer = await reference.answer(['a text'], null);
    expect(Array.from(answer.probabilities)).toEqual([0.5, 0.5]);

    // in use: never closed, however long
    await new Promise((resolve) => setImmediate(resolve));
    expect(references.running).toBe(true);
    await reference.dispose();
    await reference.dispose(); // a second dispose releases nothing more
    await until(() => !references.running && spawned.every((e) => e.killed));

    // the next load starts a new process
    const again = await references.load(HASH, GRAPHS, options);
    expect(spawned).toHaveLength(2);
    expect(references.running).toBe(true);
    await again.dispose();
    await references.close();
    expect(spawned.every((e) => e.killed)).toBe(true);
  });

  it('a load that fails does not keep the process up', async () => {
    const references = new ReferenceProcess(
      () => {
        const pool = new InferencePool(1, noSource, fakeEndpoints().spawn);
        pool.load = async () => {
          throw new Error('refused');
        };
        return pool;
      },
      () => 1_000,
      20
    );
    await expect(references.load(HASH, GRAPHS, options)).rejects.toThrow('refused');
    await until(() => !references.running);
  });
});
