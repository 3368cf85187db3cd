import { KeyedQueue } from './keyed-queue';

describe('KeyedQueue', () => {
  it("runs one key's jobs in order, other keys alongside, and counts what is pending", async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = queue.enqueue('a', async () => {
      await gate;
      order.push('a1');
    });
    const second = queue.enqueue('a', async () => {
      order.push('a2');
      return 2;
    });
    const other = queue.enqueue('b', async () => {
      order.push('b1');
    });
    await other;
    await queue.settled('b');
    expect(order).toEqual(['b1']);
    expect(queue.size).toBe(2);
    release();
    expect(await second).toBe(2);
    await first;
    expect(order).toEqual(['b1', 'a1', 'a2']);
    await queue.settled('a');
    expect(queue.size).toBe(0);
  });

  it('a failed job fails its caller only; the next one still runs', async () => {
    const queue = new KeyedQueue();
    const failed = queue.enqueue('a', async () => {
      throw new Error('refit failed');
    });
    const next = queue.enqueue('a', async () => 'ran');
    await expect(failed).rejects.toThrow('refit failed');
    expect(await next).toBe('ran');
    await expect(queue.settled('a')).resolves.toBeUndefined();
  });
});
