/**
 * How each target is measured: a timed load (retried when other processes disturbed it), the
 * in-process loop, repeated batch runs, and correctness against in-process onnxruntime.
 */
import { settle } from '../lib/bench';
import { CpuMeter, describeCpu, type CpuWindow } from '../lib/cpu';
import { postJson } from '../lib/http';
import { autocannonRun, type LoadResult } from '../lib/load';
import type { Session } from '../lib/ort';
import { Samples, fmtInt, summarize, type LatencySummary } from '../lib/stats';
import {
  CONNECTIONS,
  DISTURBED,
  DURATION_S,
  RETRIES,
  TOLERANCE,
  WARMUP_S,
  progress,
} from './options';

export interface Target {
  name: string;
  rps: number;
  latency: LatencySummary;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  cpu: CpuWindow;
  attempts?: number;
  load?: LoadResult;
}

export const disturbed = (t: { cpu: CpuWindow }) => t.cpu.others > DISTURBED;

/** (a) sequential in-process calls on one text at a time, cycling through the texts. */
export async function inProcessLoop(
  session: Session,
  texts: string[],
  seconds: number,
  startAt = 0
): Promise<{ calls: number; seconds: number; latency: Float64Array }> {
  const lat = new Samples();
  let i = startAt;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let now = t0;
  while (now < end) {
    const start = performance.now();
    const probs = await session.predict([texts[i % texts.length]]);
    if (probs.length !== session.classLabels.length)
      throw new Error('in-process: unexpected output width');
    now = performance.now();
    lat.push(now - start);
    i += 1;
  }
  return { calls: lat.length, seconds: (now - t0) / 1000, latency: lat.values().slice() };
}

/** The in-process target: warm-up, then the measured loop, measured again while disturbed (up to RETRIES). */
export async function measureInProcess(session: Session, texts: string[]): Promise<Target> {
  await inProcessLoop(session, texts, WARMUP_S, 600);
  for (let attempts = 1; ; attempts += 1) {
    progress(`in-process: ${DURATION_S} s, one call at a time`);
    const meter = new CpuMeter([]).start();
    const loop = await inProcessLoop(session, texts, DURATION_S);
    const cpu = meter.stop();
    progress(`in-process: ${fmtInt(loop.calls / loop.seconds)} calls/s; CPU: ${describeCpu(cpu)}`);
    if (cpu.others <= DISTURBED || attempts > RETRIES) {
      const rps = loop.calls / loop.seconds;
      return {
        name: 'in-process onnxruntime (1 call in flight)',
        rps,
        latency: summarize(loop.latency),
        ok: loop.calls,
        non2xx: 0,
        errors: 0,
        timeouts: 0,
        cpu,
        attempts,
      };
    }
    await settle('in-process', DISTURBED, [], progress);
  }
}

/** Other processes' CPU (cores) while each batch was timed, by label. */
export const batchOthers: Record<string, number> = {};

/** One warm-up call, then `runs` timed calls; with a label, the other processes' CPU is recorded. */
export async function timeRuns(
  runs: number,
  fn: () => Promise<unknown>,
  label = '',
  pids: number[] = []
): Promise<number[]> {
  await fn(); // warm-up
  const meter = new CpuMeter(pids).start();
  const times: number[] = [];
  for (let r = 0; r < runs; r += 1) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  if (label) batchOthers[label] = meter.stop().others;
  return times;
}

/** An HTTP target under autocannon: warm-up, then the measured window, measured again while disturbed. */
export async function loadTest(
  name: string,
  url: string,
  headers: Record<string, string>,
  bodies: string[],
  serverPid: number
): Promise<Target> {
  if (WARMUP_S > 0) {
    progress(`${name}: warm-up ${WARMUP_S} s`);
    await autocannonRun({
      url,
      connections: CONNECTIONS,
      durationS: WARMUP_S,
      headers,
      bodies,
      startIndex: 600,
    });
  }
  for (let attempt = 0; ; attempt += 1) {
    progress(
      `${name}: ${DURATION_S} s at ${CONNECTIONS} connections${attempt ? ` (retry ${attempt})` : ''}`
    );
    const meter = new CpuMeter([serverPid]).start();
    const r = await autocannonRun({
      url,
      connections: CONNECTIONS,
      durationS: DURATION_S,
      headers,
      bodies,
    });
    const cpu = meter.stop();
    progress(`${name}: ${fmtInt(r.rps)} req/s; CPU: ${describeCpu(cpu)}`);
    if (r.non2xx > 0) progress(`${name}: non-2xx statuses ${JSON.stringify(r.statusCounts)}`);
    if (cpu.others <= DISTURBED || attempt >= RETRIES) {
      return {
        name,
        rps: r.rps,
        latency: r.latency,
        ok: r.ok2xx,
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        cpu,
        load: r,
        attempts: attempt + 1,
      };
    }
    await settle(name, DISTURBED, [serverPid], progress);
  }
}

/** Max |difference| between server answers and in-process rows for the same texts. */
export function maxDiff(
  answers: Array<{ probabilities: Record<string, number> }>,
  rows: Float32Array,
  labels: string[]
): number {
  let worst = 0;
  answers.forEach((a, i) => {
    labels.forEach((label, k) => {
      const got = a.probabilities?.[label];
      const d = typeof got === 'number' ? Math.abs(got - rows[i * labels.length + k]) : Infinity;
      worst = Math.max(worst, d);
    });
  });
  return worst;
}

/** Every server must answer what onnxruntime answers in this process: 20 texts spread over the holdout set. */
export class Correctness {
  readonly maxDiff: Record<string, number> = {};
  readonly warnings: string[] = [];
  private constructor(
    private readonly texts: string[],
    readonly checkIdx: number[],
    private readonly rows: Float32Array,
    private readonly labels: string[]
  ) {}

  static async reference(session: Session, texts: string[]): Promise<Correctness> {
    const labels = session.classLabels;
    const checkIdx = Array.from({ length: 20 }, (_, k) => Math.floor((k * texts.length) / 20));
    const rows = new Float32Array(checkIdx.length * labels.length);
    for (let k = 0; k < checkIdx.length; k += 1)
      rows.set(await session.predict([texts[checkIdx[k]]]), k * labels.length);
    return new Correctness(texts, checkIdx, rows, labels);
  }

  /** Single-text requests; `unwrap` maps the response JSON to `{ probabilities }`. */
  async checkSingles(
    name: string,
    url: string,
    headers: Record<string, string>,
    unwrap: (j: any) => any
  ) {
    const answers = [];
    for (const i of this.checkIdx) {
      const r = await postJson(url, JSON.stringify({ text: this.texts[i] }), headers);
      if (r.status !== 200)
        throw new Error(
          `${name}: correctness request answered ${r.status}: ${r.text.slice(0, 300)}`
        );
      answers.push(unwrap(JSON.parse(r.text)));
    }
    const d = maxDiff(answers, this.rows, this.labels);
    this.maxDiff[name] = d;
    if (!(d <= TOLERANCE))
      this.warnings.push(
        `${name}: probabilities differ from in-process by up to ${d} (> ${TOLERANCE}) on ${this.checkIdx.length} texts`
      );
  }

  /** A batch answer against the in-process rows of the same texts. */
  checkBatch(
    name: string,
    answers: Array<{ probabilities: Record<string, number> }>,
    ref: Float32Array
  ) {
    const d = maxDiff(answers, ref, this.labels);
    this.maxDiff[`${name} batch`] = d;
    if (!(d <= TOLERANCE))
      this.warnings.push(`${name} batch: probabilities differ from in-process by up to ${d}`);
  }
}
