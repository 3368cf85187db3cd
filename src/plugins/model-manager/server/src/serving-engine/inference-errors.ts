/** Errors of served inference, shared by the serving thread (local-model.ts) and the pool. */
/** A run that passed its deadline: its caller is answered with this (and a pool member running it is replaced). */
export class DeadlineError extends Error {
  constructor(readonly limitMs: number) {
    super(`the inference did not finish within ${limitMs} ms`);
    this.name = 'DeadlineError';
  }
}

/** A call lost because its thread or process was replaced for another call: worth one retry. */
export class WorkerReplacedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WorkerReplacedError';
  }
}
