/** In-process baselines for the serving matrix: the one-call-at-a-time loop and repeated timed runs. */
import type { Session } from '../lib/ort';
import { Samples } from '../lib/stats';

/** Sequential in-process calls on one text at a time, cycling through the texts. */
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

/** One warm-up call, then `runs` timed calls (ms each). */
export async function timeRuns(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const times: number[] = [];
  for (let r = 0; r < runs; r += 1) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times;
}
