import { onnx } from 'onnx-proto';
import type { ExactExplanation } from './exact-explain';
import { HeldModels } from './held-models';
import { inlineVerdict } from './inline-eligibility';
import type { LoadOptions } from './onnx-text-classifier';
import type { LoadedInfo, RunResult } from './pool/messages';
import { concatFloat32 } from './float32';
import { DeadlineError } from './inference-errors';

export interface InlineLimits {
  /** the longest a slice of a run may hold the event loop, estimated from the measured speed */
  sliceMs: number;
  /** the longest text a request may send: one such text alone must fit `maxTextMs` */
  maxTextLength: number;
  maxTextMs: number;
}

/**
 * Largest artifact loaded on the serving thread: creating an onnxruntime session blocks the
 * thread it runs on, ~30 ms per MB of a TF-IDF graph on this machine (1.1 MB: 33 ms).
 */
export const INLINE_MAX_BYTES = 4 * 1024 * 1024;

/** What the speed probe scores: 16 texts of ~250 characters of ordinary words. */
const PROBE = Array.from({ length: 16 }, (_, i) =>
  Array.from(
    { length: 40 },
    (_, j) =>
      ['the', 'people', 'of', 'this', 'country', 'want', 'jobs', 'and', 'care', 'now'][
        (i + j * 7) % 10
      ] + (j % 5 === 0 ? i : '')
  ).join(' ')
);

/** Consecutive slices of at most `maxChars` characters and `maxTexts` texts (a longer text goes alone). */
export function sliceByChars(texts: string[], maxChars: number, maxTexts: number): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const text of texts) {
    if (current.length && (chars + text.length > maxChars || current.length >= maxTexts)) {
      out.push(current);
      current = [];
      chars = 0;
    }
    current.push(text);
    chars += text.length;
  }
  if (current.length) out.push(current);
  return out;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A session held by the serving thread itself, for an artifact whose graph has bounded cost
 * (inline-eligibility.ts) and that scores a text of the longest allowed length within `maxTextMs`
 * (timed at load). A small run skips the trip to a worker thread (a message each way, and on a
 * busy core a switch of threads); a large one is cut into slices estimated at most `sliceMs`
 * long, with the event loop free between them, so other requests and health checks are answered
 * in between. Same interface as a worker thread's RemoteModel.
 */
/** What a run costs this thread, read before and after it, in milliseconds (tests give their own). */
export interface CostClock {
  /** wall-clock time */
  wallMs(): number;
  /** this process's CPU time, user and system */
  cpuMs(): number;
}

export const processClock: CostClock = {
  wallMs: () => Number(process.hrtime.bigint()) / 1e6,
  cpuMs: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
};

export class LocalModel {
  private disposed = false;

  private constructor(
    private readonly models: HeldModels,
    readonly hash: string,
    readonly info: LoadedInfo,
    /** characters one slice may hold */
    private readonly sliceChars: number
  ) {}

  /** Loads the artifact on this thread, or says why not (null: the worker threads take it). */
  static async load(
    models: HeldModels,
    hash: string,
    bytes: Uint8Array,
    options: LoadOptions,
    limits: InlineLimits,
    clock: CostClock = processClock
  ): Promise<LocalModel | null> {
    // creating the session itself runs on this thread: only small artifacts (see INLINE_MAX_BYTES)
    if (bytes.byteLength > INLINE_MAX_BYTES) return null;
    const proto = onnx.ModelProto.decode(bytes);
    if (!inlineVerdict(proto).eligible) return null;
    const info = await models.load(hash, bytes, options, proto);
    const refuse = async () => {
      await models.release(hash);
      return null;
    };
    const short = await LocalModel.time(models, hash, PROBE, 3, clock); // the first run warms the session
    // a longest text that the short texts already say is too slow is never run here
    if ((short.usPerChar * limits.maxTextLength) / 1000 > limits.maxTextMs) return refuse();
    const long = await LocalModel.time(
      models,
      hash,
      [LocalModel.longest(limits.maxTextLength)],
      1,
      clock
    );
    if (long.ms > limits.maxTextMs) return refuse(); // timed, not only extrapolated
    const usPerChar = Math.max(short.usPerChar, long.usPerChar);
    return new LocalModel(
      models,
      hash,
      info,
      Math.max(1, Math.floor((limits.sliceMs * 1000) / usPerChar))
    );
  }

  private static longest(length: number): string {
    const words = PROBE.join(' ');
    return words.repeat(Math.ceil(length / words.length)).slice(0, length);
  }

  /**
   * The best of `runs` runs: milliseconds, and microseconds per character. A run's time is the
   * smaller of its wall-clock time and this process's CPU time over it. Both bound what the run
   * costs the serving thread from above: the first grows when other processes take the cores, the
   * second when this process's other threads work. So a machine that is busy when a model loads
   * does not send a cheap model to the worker threads for as long as it stays loaded.
   */
  private static async time(
    models: HeldModels,
    hash: string,
    texts: string[],
    runs: number,
    clock: CostClock
  ): Promise<{ ms: number; usPerChar: number }> {
    const chars = Math.max(
      1,
      texts.reduce((n, t) => n + t.length, 0)
    );
    let best = Infinity;
    for (let i = 0; i < runs; i += 1) {
      const wall = clock.wallMs();
      const cpu = clock.cpuMs();
      await models.run(hash, texts, texts.length);
      best = Math.min(best, clock.wallMs() - wall, clock.cpuMs() - cpu);
    }
    return { ms: best, usPerChar: (best * 1000) / chars };
  }

  get alive(): boolean {
    return !this.disposed;
  }

  /** Between slices, a run past `deadlineMs` stops (a slice itself is bounded by `sliceMs`). */
  private deadline(deadlineMs: number | undefined): () => void {
    if (deadlineMs === undefined) return () => {};
    const start = processClock.wallMs();
    return () => {
      if (processClock.wallMs() - start > deadlineMs) throw new DeadlineError(deadlineMs);
    };
  }

  async run(texts: string[], chunkSize: number, deadlineMs?: number): Promise<RunResult> {
    const probabilities: Float32Array[] = [];
    const evidence: Float32Array[] = [];
    const checkDeadline = this.deadline(deadlineMs);
    for (const [i, slice] of sliceByChars(texts, this.sliceChars, chunkSize).entries()) {
      if (i > 0) {
        await nextTurn();
        checkDeadline();
      }
      const part = await this.models.run(this.hash, slice, slice.length);
      probabilities.push(part.probabilities);
      if (part.evidence) evidence.push(part.evidence);
    }
    return {
      probabilities: concatFloat32(probabilities),
      evidence: evidence.length ? concatFloat32(evidence) : null,
    };
  }

  async explain(
    texts: string[],
    predicted: number[],
    chunkSize: number,
    deadlineMs?: number
  ): Promise<ExactExplanation[]> {
    const out: ExactExplanation[] = [];
    let offset = 0;
    const checkDeadline = this.deadline(deadlineMs);
    for (const [i, slice] of sliceByChars(texts, this.sliceChars, chunkSize).entries()) {
      if (i > 0) {
        await nextTurn();
        checkDeadline();
      }
      out.push(
        ...(await this.models.explain(
          this.hash,
          slice,
          predicted.slice(offset, offset + slice.length),
          slice.length
        ))
      );
      offset += slice.length;
    }
    return out;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.models.release(this.hash);
  }
}
