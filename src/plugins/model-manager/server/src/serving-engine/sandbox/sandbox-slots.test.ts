import { SandboxBusyError, SandboxSlots } from './sandbox-slots';

/** Work we finish by hand, so the test decides what is running. */
function held() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { finish, work: () => done };
}

describe('SandboxSlots', () => {
  it('runs at most maxConcurrent at once, queues up to maxQueued, refuses the rest at once', async () => {
    const slots = new SandboxSlots(() => ({ maxConcurrent: 2, maxQueued: 1 }));
    const jobs = [held(), held(), held()];
    const started: number[] = [];
    const runs = jobs.map((job, i) =>
      slots.run(async () => {
        started.push(i);
        await job.work();
        return i;
      })
    );
    await Promise.resolve();

    expect(started).toEqual([0, 1]);
    expect(slots.stats).toEqual({ running: 2, waiting: 1 });
    await expect(slots.run(async () => 'late')).rejects.toBeInstanceOf(SandboxBusyError);

    jobs[0].finish();
    expect(await runs[0]).toBe(0);
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]); // the freed slot went to the queued job
    expect(slots.stats).toEqual({ running: 2, waiting: 0 });
    jobs[1].finish();
    jobs[2].finish();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(slots.stats).toEqual({ running: 0, waiting: 0 });
  });

  it('a failed job frees its slot', async () => {
    const slots = new SandboxSlots(() => ({ maxConcurrent: 1, maxQueued: 0 }));
    await expect(
      slots.run(async () => {
        throw new Error('bad model');
      })
    ).rejects.toThrow('bad model');
    expect(await slots.run(async () => 'next')).toBe('next');
  });
});
