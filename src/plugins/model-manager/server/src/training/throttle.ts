/**
 * Writes the latest of a stream of values at most once per interval, never two writes at a time
 * (progress of a training run: the worker may report thousands of iterations a second, the
 * database needs a handful). A failed write goes to `onError`; the next value still writes.
 */
export class ThrottledWriter<T> {
  private pending: { value: T } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inflight: Promise<void> = Promise.resolve();
  private lastStart = -Infinity;

  constructor(
    private readonly write: (value: T) => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void = () => {}
  ) {}

  /** Keeps `value` as the next one to write and schedules the write. */
  offer(value: T): void {
    this.pending = { value };
    if (this.timer) return;
    const wait = Math.max(0, this.lastStart + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.drain();
    }, wait);
  }

  /** Writes what is pending now and resolves once every write so far has finished. */
  flush(): Promise<void> {
    this.clearTimer();
    return this.drain();
  }

  /** Drops what is pending; a write already started still finishes (await `settled()`). */
  cancel(): void {
    this.clearTimer();
    this.pending = null;
  }

  settled(): Promise<void> {
    return this.inflight;
  }

  private clearTimer() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private drain(): Promise<void> {
    const next = this.pending;
    if (!next) return this.inflight;
    this.pending = null;
    this.lastStart = Date.now();
    this.inflight = this.inflight
      .then(() => this.write(next.value))
      .catch((error) => this.onError(error));
    return this.inflight;
  }
}
