import { winston } from '@strapi/logger';

const MESSAGE = Symbol.for('message'); // triple-beam's keys, which every winston format uses
const LEVEL = Symbol.for('level');

export interface BatchedConsoleOptions extends winston.transports.ConsoleTransportOptions {
  /** how long a line may wait before it is written (ms) */
  flushMs?: number;
  /** lines held at most: past it, the batch is written at once */
  maxLines?: number;
  /** levels written at once (after what is waiting, in order): errors are never held back */
  immediateLevels?: string[];
  /** where lines go (process.stdout, as winston's Console transport) */
  stream?: { write(chunk: string): unknown };
}

const live = new Set<BatchedConsole>();
let exitHook = false;

/**
 * winston's Console transport writes each line with its own write(): at the default `http` level
 * that is one system call (and one wake-up of whatever reads the output) per request. This one
 * keeps the lines of a short window and writes them in one call, at most `flushMs` later, at once
 * past `maxLines`, and before any `error`/`warn` line, so the order of lines is kept. Lines left
 * when the process exits or the logger closes are written then (stdout to a file or a pipe is
 * written synchronously by Node on Linux, so nothing is lost at exit).
 */
export class BatchedConsole extends winston.transports.Console {
  private lines: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly flushMs: number;
  private readonly maxLines: number;
  private readonly immediate: Set<string>;
  private readonly stream: { write(chunk: string): unknown };

  constructor(options: BatchedConsoleOptions = {}) {
    super(options);
    this.flushMs = options.flushMs ?? 100;
    this.maxLines = options.maxLines ?? 512;
    this.immediate = new Set(options.immediateLevels ?? ['error', 'warn']);
    this.stream = options.stream ?? process.stdout;
    live.add(this);
    if (!exitHook) {
      exitHook = true;
      process.once('exit', () => live.forEach((t) => t.flush()));
    }
  }

  log(info: Record<string | symbol, unknown>, callback: () => void): void {
    // the `logged` event winston's Console emits, for anyone waiting on it
    setImmediate(() => this.emit('logged', info));
    this.lines.push(String(info[MESSAGE]));
    if (this.immediate.has(String(info[LEVEL])) || this.lines.length >= this.maxLines) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushMs).unref();
    callback();
  }

  /** Writes what is waiting, now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.lines.length) return;
    const text = `${this.lines.join('\n')}\n`;
    this.lines = [];
    this.stream.write(text);
  }

  close(): void {
    super.close?.();
    this.flush();
    live.delete(this);
  }
}
