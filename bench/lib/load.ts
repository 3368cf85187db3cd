/**
 * Load generators. `autocannonRun`: fixed concurrency for a duration, each request body taken in
 * turn from a list (autocannon's per-request setupRequest); latencies are collected exactly
 * (float ms) from autocannon's response events, since its own histogram has 1 ms resolution.
 * `closedLoop`: a fixed sequence of requests at a fixed concurrency over keep-alive node:http,
 * with the latency of every request by its index (for cache-pattern analyses).
 */
import http from 'node:http';
import { Samples, summarize, type LatencySummary } from './stats';

// autocannon ships no types this project installs; its result is read field by field below.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon');

export interface LoadResult {
  durationS: number;
  responses: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  rps: number;
  /** 2xx-only latencies, ms. */
  latency: LatencySummary;
  statusCounts: Record<string, number>;
  autocannon: { requestsAverage: number; latencyP50: number; latencyP99: number };
}

export async function autocannonRun(options: {
  url: string;
  connections: number;
  durationS: number;
  headers: Record<string, string>;
  bodies: string[];
  startIndex?: number;
  /** also collects every 2xx latency here (windows measured in pieces) */
  into?: Samples;
}): Promise<LoadResult> {
  let next = options.startIndex ?? 0;
  const bodies = options.bodies;
  const latencies = new Samples();
  const statusCounts: Record<string, number> = {};
  let responses = 0;
  const started = performance.now();
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    pipelining: 1,
    duration: options.durationS,
    timeout: 30,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    requests: [
      {
        setupRequest(req: Record<string, unknown>) {
          const body = bodies[next % bodies.length];
          next += 1;
          return { ...req, body };
        },
      },
    ],
  });
  instance.on(
    'response',
    (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      responses += 1;
      statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) {
        latencies.push(responseTime);
        options.into?.push(responseTime);
      }
    }
  );
  const result = await new Promise<any>((resolve, reject) => {
    instance.on('done', resolve);
    instance.on('error', reject);
  });
  const durationS = result.duration || (performance.now() - started) / 1000;
  return {
    durationS,
    responses,
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    rps: result['2xx'] / durationS,
    latency: summarize(latencies.values()),
    statusCounts,
    autocannon: {
      requestsAverage: result.requests.average,
      latencyP50: result.latency.p50,
      latencyP99: result.latency.p99,
    },
  };
}

export interface SequencedResult {
  /** Per request index: latency ms (NaN if it failed), status (0 on a network error). */
  latencyMs: Float64Array;
  status: Int32Array;
  /** When each request started, ms since the run began. */
  startedAtMs: Float64Array;
  wallS: number;
  firstError?: string;
}

/** Sends request i = 0..n-1 in order, `concurrency` in flight at any time, keep-alive. */
export async function closedLoop(options: {
  base: string;
  n: number;
  concurrency: number;
  request: (i: number) => { path: string; body: string; headers?: Record<string, string> };
}): Promise<SequencedResult> {
  const url = new URL(options.base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencyMs = new Float64Array(options.n).fill(NaN);
  const status = new Int32Array(options.n);
  const startedAtMs = new Float64Array(options.n);
  let next = 0;
  let firstError: string | undefined;
  const t0 = performance.now();

  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const { path, body, headers } = options.request(i);
      const started = performance.now();
      startedAtMs[i] = started - t0;
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path,
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            status[i] = res.statusCode ?? 0;
            if (status[i] >= 200 && status[i] < 300) latencyMs[i] = performance.now() - started;
            else
              firstError ??= `HTTP ${status[i]}: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`;
            resolve();
          });
        }
      );
      req.on('error', (error) => {
        status[i] = 0;
        firstError ??= error.message;
        resolve();
      });
      req.end(body);
    });

  const worker = async () => {
    while (next < options.n) {
      const i = next;
      next += 1;
      await one(i);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  agent.destroy();
  return { latencyMs, status, startedAtMs, wallS: (performance.now() - t0) / 1000, firstError };
}
