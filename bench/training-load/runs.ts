/**
 * Training runs seen from outside: queue one, poll its status, and turn the polls into intervals
 * in which a run was CERTAINLY running (or certainly not) - a poll only brackets a state change,
 * so each interval runs from the first answer's arrival to the last poll's send.
 */
import http from 'node:http';
import { getJson } from '../lib/http';
import { sleep } from '../lib/procs';
import { API, call } from '../lib/strapi';
import { POLL_MS, SLUG } from './options';

export interface Observation {
  sent: number;
  recv: number;
  status: string;
  phase: string | null;
}

export interface RunTrack {
  documentId: string;
  /** When the queue POST was sent (the run cannot be running before). */
  queuedAt: number;
  accepted: { status: number; parameters: unknown };
  observations: Observation[];
  summary: any;
  terminal: boolean;
}

export const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'cancelled']);

/** A separate keep-alive agent so the poller never waits for a predict socket. */
const pollAgent = new http.Agent({ keepAlive: true, maxSockets: 2 });

/** Polls the given runs every POLL_MS (one GET each, in turn) until stopped; records every observation. */
export function startPoller(base: string, token: string, runsToPoll: () => RunTrack[]) {
  let stopped = false;
  let polls = 0;
  let failure: unknown = null;
  const loop = (async () => {
    while (!stopped) {
      const tickStart = performance.now();
      for (const run of runsToPoll()) {
        if (stopped) break;
        const sent = performance.now();
        const r = await getJson(pollAgent, base, `${API}/training-runs/${run.documentId}`, token);
        const recv = performance.now();
        polls += 1;
        if (r.status !== 200)
          throw new Error(
            `GET training-runs/${run.documentId}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`
          );
        const s = r.body.data;
        run.observations.push({ sent, recv, status: s.status, phase: s.phase ?? null });
        run.summary = s;
        if (TERMINAL.has(s.status)) run.terminal = true;
      }
      const wait = POLL_MS - (performance.now() - tickStart);
      if (wait > 0) await sleep(wait);
    }
  })().catch((error) => {
    failure = error;
  });
  return {
    polls: () => polls,
    failure: () => failure,
    stop: async () => {
      stopped = true;
      await loop;
      if (failure) throw failure;
    },
  };
}

export type Interval = [number, number];

/** The run was certainly running from the first `running` answer's arrival to the last `running` poll's send. */
export function runningInterval(run: RunTrack): Interval | null {
  const running = run.observations.filter((o) => o.status === 'running');
  if (running.length < 2) return null;
  const from = running[0].recv;
  const to = running[running.length - 1].sent;
  return to > from ? [from, to] : null;
}

/** Certainly not running: before the queue POST / the last `queued` poll's send, and after the first terminal answer arrived. */
export function notRunningBounds(run: RunTrack): { until: number; after: number } {
  const queued = run.observations.filter((o) => o.status === 'queued');
  const until = Math.max(run.queuedAt, queued.length ? queued[queued.length - 1].sent : -Infinity);
  const terminal = run.observations.find((o) => TERMINAL.has(o.status));
  return { until, after: terminal ? terminal.recv : Infinity };
}

export async function queueRun(
  base: string,
  token: string,
  params: Record<string, unknown>
): Promise<RunTrack> {
  const queuedAt = performance.now();
  const r = await call(base, 'POST', `${API}/models/${SLUG}/training-runs`, {
    bearer: token,
    json: { data: params },
    expect: [202],
  });
  const d = r.body?.data;
  if (!d?.documentId)
    throw new Error(
      `training-runs answered no documentId: ${JSON.stringify(r.body).slice(0, 300)}`
    );
  return {
    documentId: d.documentId,
    queuedAt,
    accepted: { status: r.status, parameters: d.parameters },
    observations: [],
    summary: d,
    terminal: false,
  };
}

export async function waitForRun(base: string, token: string, run: RunTrack, timeoutMs: number) {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    const r = await call(base, 'GET', `${API}/training-runs/${run.documentId}`, { bearer: token });
    run.summary = r.body.data;
    if (TERMINAL.has(run.summary.status)) return run.summary;
    await sleep(200);
  }
  throw new Error(
    `training run ${run.documentId} did not finish within ${timeoutMs} ms (status ${run.summary?.status})`
  );
}

/** "trained on N rows in X ms" from a run's log. */
export function trainedMs(summary: any): number {
  for (const line of (summary?.logs ?? []) as string[]) {
    const m = / trained on \d+ rows in (\d+) ms/.exec(line);
    if (m) return Number(m[1]);
  }
  return NaN;
}
