/**
 * At most `running` sandboxes at once, and at most `waiting` uploads queued behind them: each
 * sandbox is a process with up to sandbox.memoryLimitMb of address space, so a burst of uploads
 * must not start a process each. Past the queue, `acquire` refuses at once (the caller answers 503).
 */
export class SandboxBusyError extends Error {
  constructor(
    readonly running: number,
    readonly waiting: number
  ) {
    super(
      `The server is validating ${running} uploads with ${waiting} more waiting (sandbox.maxConcurrent, sandbox.maxQueued); retry shortly.`
    );
    this.name = 'SandboxBusyError';
  }
}

export class SandboxSlots {
  private active = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly limits: () => { maxConcurrent: number; maxQueued: number }) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  get stats() {
    return { running: this.active, waiting: this.queue.length };
  }

  private acquire(): Promise<void> {
    const { maxConcurrent, maxQueued } = this.limits();
    if (this.active < maxConcurrent) {
      this.active += 1;
      return Promise.resolve();
    }
    if (this.queue.length >= maxQueued)
      return Promise.reject(new SandboxBusyError(this.active, this.queue.length));
    return new Promise((resolve) => this.queue.push(resolve)); // the slot is handed over by release()
  }

  private release() {
    const next = this.queue.shift();
    if (next) next();
    else this.active -= 1;
  }
}
