/**
 * Load generators. `autocannonRun`: fixed concurrency for a duration, each request body taken in
 * turn from a list; latencies are kept exactly (float ms) from autocannon's response events, since
 * its own histogram has 1 ms resolution. `closedLoop`: requests 0..n-1 in order at a fixed
 * concurrency over keep-alive node:http (lighter on the client than fetch), each latency by index.
 */
import http from 'node:http';
import { summarize } from './stats';

// autocannon ships no types this project installs; its result is read field by field below.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon');

export async function autocannonRun(options: {
  url: string;
  connections: number;
  durationS: number;
  headers: Record<string, string>;
  bodies: string[];
  startIndex?: number;
}) {
  const { url, connections, durationS, headers, bodies } = options;
  let next = options.startIndex ?? 0;
  const instance = autocannon({
    url,
    connections,
    duration: durationS,
    timeout: 30,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    requests: [
      { setupRequest: (req: object) => ({ ...req, body: bodies[next++ % bodies.length] }) },
    ],
  });
  const latencies: number[] = []; // of the 2xx answers, ms
  let responses = 0;
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    responses += 1;
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const result = await new Promise<any>((resolve, reject) => {
    instance.on('done', resolve);
    instance.on('error', reject);
  });
  const rps = result['2xx'] / result.duration;
  const figures = { durationS: result.duration, responses, non2xx: result.non2xx, rps };
  return { ...figures, latencies, latency: summarize(latencies) };
}

/** Sends request i = 0..n-1 in order, `concurrency` in flight at any time, keep-alive. */
export async function closedLoop(options: {
  base: string;
  n: number;
  concurrency: number;
  request: (i: number) => { path: string; body: string; headers?: Record<string, string> };
}) {
  const { hostname: host, port } = new URL(options.base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencyMs = new Float64Array(options.n).fill(NaN);
  let firstError: string | undefined;
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const { path, body, headers } = options.request(i);
      const started = performance.now();
      const json = { 'content-type': 'application/json', ...headers };
      const req = http.request(
        { host, port, method: 'POST', path, agent, headers: json },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) latencyMs[i] = performance.now() - started;
            else firstError ??= `HTTP ${status}: ${Buffer.concat(chunks).toString().slice(0, 300)}`;
            resolve();
          });
        }
      );
      req.on('error', (error) => {
        firstError ??= error.message;
        resolve();
      });
      req.end(body);
    });
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < options.n) await one(next++);
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  agent.destroy();
  // per request index: latency ms, NaN if it failed
  return {
    latencyMs,
    wallS: (performance.now() - t0) / 1000,
    firstError: firstError as string | undefined,
  };
}

/** The finite latencies of a closed loop: the requests that succeeded. */
export const succeeded = (r: { latencyMs: Float64Array }) =>
  Array.from(r.latencyMs).filter(Number.isFinite);
