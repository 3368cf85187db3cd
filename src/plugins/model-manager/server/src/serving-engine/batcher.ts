/**
 * Adaptive batching for one artifact: while a run is in flight, requests queue; when it ends,
 * everything queued (up to `maxBatchTexts` texts) goes in one run, and each request gets back
 * exactly its own rows. An idle artifact runs at the end of the current turn of the event loop
 * (or after `maxWaitMs`, if set): the requests whose bytes arrived together share the run, and a
 * lone request waits only for that turn. Under load, batches form by themselves.
 */
export interface BatchOptions {
  maxBatchTexts: number;
  maxWaitMs: number;
}

interface Waiting<R> {
  texts: string[];
  resolve: (rows: R[]) => void;
  reject: (error: unknown) => void;
}

export interface BatchStats {
  runs: number;
  requests: number;
  texts: number;
  /** runs by how many requests they served: { "1": 120, "2": 30, ... } */
  requestsPerRun: Record<string, number>;
}

export class Batcher<R> {
  private readonly queue: Array<Waiting<R>> = [];
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private turnEnd = false;
  readonly stats: BatchStats = { runs: 0, requests: 0, texts: 0, requestsPerRun: {} };

  constructor(
    private readonly run: (texts: string[]) => Promise<R[]>,
    private readonly options: () => BatchOptions
  ) {}

  submit(texts: string[]): Promise<R[]> {
    return new Promise<R[]>((resolve, reject) => {
      this.queue.push({ texts, resolve, reject });
      this.schedule();
    });
  }

  private schedule() {
    if (this.running || !this.queue.length) return;
    const { maxWaitMs, maxBatchTexts } = this.options();
    const queued = this.queue.reduce((n, w) => n + w.texts.length, 0);
    if (maxWaitMs > 0 && queued < maxBatchTexts) {
      if (this.timer) return; // the window is open; it flushes when it ends or fills

      this.timer = setTimeout(() => {
        this.timer = null;
        void this.flush();
      }, maxWaitMs);
    } else if (queued < maxBatchTexts) {
      if (this.turnEnd) return;
      this.turnEnd = true;
      setImmediate(() => {
        this.turnEnd = false;
        void this.flush();
      });
    } else {
      // a full batch does not wait for the rest of the window or turn
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      void this.flush();
    }
  }

  /** Takes whole requests until the next would pass the limit (a single large request runs alone). */
  private take(): Array<Waiting<R>> {
    const { maxBatchTexts } = this.options();
    const batch: Array<Waiting<R>> = [];
    let texts = 0;
    while (
      this.queue.length &&
      (batch.length === 0 || texts + this.queue[0].texts.length <= maxBatchTexts)
    ) {
      const next = this.queue.shift()!;
      texts += next.texts.length;
      batch.push(next);
    }
    return batch;
  }

  private async flush() {
    if (this.running) return;
    const batch = this.take();
    if (!batch.length) return;
    this.running = true;
    const texts = batch.length === 1 ? batch[0].texts : batch.flatMap((w) => w.texts);
    this.stats.runs += 1;
    this.stats.requests += batch.length;
    this.stats.texts += texts.length;
    this.stats.requestsPerRun[batch.length] = (this.stats.requestsPerRun[batch.length] ?? 0) + 1;
    try {
      const rows = await this.run(texts);
      let offset = 0;
      for (const waiting of batch) {
        waiting.resolve(rows.slice(offset, offset + waiting.texts.length));
        offset += waiting.texts.length;
      }
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    } finally {
      this.running = false;
      this.schedule();
    }
  }
}
