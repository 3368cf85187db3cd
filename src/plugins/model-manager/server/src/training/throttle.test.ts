import { ThrottledWriter } from './throttle';

describe('ThrottledWriter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const settle = async () => {
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
  };

  it('writes the first value at once, then at most one value per interval, the latest one', async () => {
    const written: number[] = [];
    const writer = new ThrottledWriter<number>(async (v) => void written.push(v), 250);

    writer.offer(1);
    jest.advanceTimersByTime(0);
    await settle();
    for (let v = 2; v <= 50; v += 1) writer.offer(v);
    jest.advanceTimersByTime(249);
    await settle();
    const beforeInterval = [...written];
    jest.advanceTimersByTime(1);
    await settle();

    expect(beforeInterval).toEqual([1]);
    expect(written).toEqual([1, 50]);
  });

  it('starts writes at least an interval apart under a steady stream (4 writes/s at 250 ms)', async () => {
    const starts: number[] = [];
    const writer = new ThrottledWriter<number>(async () => void starts.push(Date.now()), 250);

    for (let t = 0; t < 1000; t += 10) {
      writer.offer(t);
      await jest.advanceTimersByTimeAsync(10);
    }

    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
    expect(starts.length).toBeGreaterThanOrEqual(4);
  });

  it('flush writes the pending value immediately and waits for it', async () => {
    const written: string[] = [];
    const writer = new ThrottledWriter<string>(async (v) => void written.push(v), 1000);
    writer.offer('a');
    jest.advanceTimersByTime(0);
    await settle();
    writer.offer('b');

    await writer.flush();

    expect(written).toEqual(['a', 'b']);
  });

  it('writes one at a time even when a write is slower than the interval', async () => {
    let running = 0;
    let maxRunning = 0;
    const writer = new ThrottledWriter<number>(async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, 400));
      running -= 1;
    }, 100);

    for (let v = 0; v < 5; v += 1) {
      writer.offer(v);
      await jest.advanceTimersByTimeAsync(150);
    }
    await jest.advanceTimersByTimeAsync(5000);
    await writer.settled();

    expect(maxRunning).toBe(1);
  });

  it('cancel drops the pending value; a failed write is reported and does not stop later ones', async () => {
    const errors: unknown[] = [];
    const written: number[] = [];
    const writer = new ThrottledWriter<number>(
      async (v) => {
        if (v === 1) throw new Error('db down');
        written.push(v);
      },
      100,
      (e) => errors.push(e)
    );

    writer.offer(1);
    await writer.flush();
    writer.offer(2);
    writer.cancel();
    jest.advanceTimersByTime(1000);
    await settle();
    writer.offer(3);
    await writer.flush();

    expect(errors).toHaveLength(1);
    expect(written).toEqual([3]);
  });
});
