/**
 * Jobs run one after another per key, keys independent of each other: a reader's refits never
 * race in one process, and whoever reads their result waits for the last one queued first.
 */
export class KeyedQueue {
  /** per key, the last job queued (settled either way) */
  private readonly tails = new Map<string, Promise<unknown>>();
  /** jobs queued or running, every key together */
  size = 0;

  /** Runs `job` after the key's jobs already queued; its own outcome. */
  enqueue<T>(key: string, job: () => Promise<T>): Promise<T> {
    const run = (this.tails.get(key) ?? Promise.resolve()).then(job);
    this.size += 1;
    const tail: Promise<unknown> = run
      .catch(() => undefined)
      .finally(() => {
        this.size -= 1;
        if (this.tails.get(key) === tail) this.tails.delete(key);
      });
    this.tails.set(key, tail);
    return run;
  }

  /** Once every job queued for the key so far has settled. */
  async settled(key: string): Promise<void> {
    await this.tails.get(key);
  }
}
