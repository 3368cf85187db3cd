import { DeadlineError, WorkerReplacedError } from '../inference-errors';
import type { SpawnEndpoint } from './endpoints';
import { noSource } from '../held-models';
import { InferencePool } from './inference-pool';
import { fakeEndpoints, signature } from './pool-test-support';
import type { ArtifactAnswer } from './messages';

describe('InferencePool deadlines', () => {
  it('a run past its deadline fails with DeadlineError, its member is killed, and the next run goes to a fresh one', async () => {
    const { spawn, spawned } = fakeEndpoints();
    const pool = new InferencePool(1, noSource, spawn);
    const model = await pool.load('a'.repeat(64), new Uint8Array(4), {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });

    const hung = model.run(['hang'], 8, 20);
    const bystander = model.run(['hang'], 8); // queued on the same member, no deadline of its own

    await expect(hung).rejects.toEqual(new DeadlineError(20));
    await expect(bystander).rejects.toBeInstanceOf(WorkerReplacedError);
    expect(spawned.map((e) => e.killed)).toEqual([true]);
    expect(model.alive).toBe(false);
    expect(pool.deadlines).toBe(1);

    const reloaded = await pool.load('a'.repeat(64), new Uint8Array(4), {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });
    const run = await reloaded.run(['fine'], 8, 1_000);
    expect(Array.from(run.probabilities)).toEqual([0.5, 0.5]);
    expect(spawned.map((e) => e.killed)).toEqual([true, false]);
    await pool.close();
  });

  it('a member that dies fails its pending calls as replaced, and is respawned only when used again', async () => {
    const { spawn, spawned } = fakeEndpoints();
    const pool = new InferencePool(1, noSource, spawn);
    const model = await pool.load('b'.repeat(64), new Uint8Array(4), {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });
    const pending = model.run(['hang'], 8);

    spawned[0].events.lost('the inference process stopped (SIGSEGV)');

    await expect(pending).rejects.toThrow('the inference process stopped (SIGSEGV)');
    expect(spawned).toHaveLength(1);
    await pool.close();
  });
});

describe('InferencePool artifact fetches', () => {
  it('a member gets the bytes of a model it holds from the source, and a refusal for one it does not hold', async () => {
    const answers: ArtifactAnswer[] = [];
    const asked: string[] = [];
    const spawn: SpawnEndpoint = (events) => {
      let running = 0;
      return {
        kind: 'thread',
        kill: async () => undefined,
        post: (message) => {
          if (message.op === 'load')
            events.message({
              id: message.id,
              ok: true,
              loaded: {
                signature,
                memoryBytes: 1,
                linear: false,
                engine: { kind: 'compiled', reason: 'a test double' },
              },
            });
          if (message.op === 'run') {
            running = message.id;
            events.message({ fetch: 1, hash: message.hash });
            events.message({ fetch: 2, hash: 'c'.repeat(64) });
          }
          if (message.op !== 'artifact') return;
          answers.push(message);
          // the run ends once both answers are in, as a worker's would once it has its bytes
          if (answers.length === 2)
            events.message({
              id: running,
              ok: true,
              run: { probabilities: new Float32Array([0.5, 0.5]), evidence: null },
            });
        },
      };
    };
    const pool = new InferencePool(
      1,
      async (hash) => {
        asked.push(hash);
        return Uint8Array.of(1, 2, 3);
      },
      spawn
    );
    const model = await pool.load('a'.repeat(64), new Uint8Array(4), {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });

    await model.run(['fine'], 8);

    expect(asked).toEqual(['a'.repeat(64)]);
    expect(answers.sort((x, y) => x.fetch - y.fetch)).toEqual([
      { op: 'artifact', fetch: 1, bytes: Uint8Array.of(1, 2, 3), message: undefined },
      {
        op: 'artifact',
        fetch: 2,
        bytes: null,
        message: `artifact ${'c'.repeat(12)} is not held by this inference worker`,
      },
    ]);
    await pool.close();
  });
});
