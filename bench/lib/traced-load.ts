/**
 * A closed-loop load over keep-alive node:http that records when every request was sent and when
 * its response completed, so requests can later be classified against server-side events (e.g.
 * "a training run was running at send and at completion"). Runs for a duration or until stopped.
 */
import http from 'node:http';

export interface LoadTrace {
  /** performance.now() when each request was sent / its response fully arrived (NaN: failed). */
  sent: number[];
  done: number[];
  status: number[];
  firstError?: string;
  from: number;
  to: number;
}

/** Runs `connections` workers until `stop()` or `durationS`; each sends the next body when its previous answer arrived. */
export function startLoad(options: {
  base: string;
  path: string;
  headers: Record<string, string>;
  bodies: string[];
  startIndex: number;
  connections: number;
  durationS?: number;
}) {
  const url = new URL(options.base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const trace: LoadTrace = { sent: [], done: [], status: [], from: performance.now(), to: NaN };
  let next = options.startIndex;
  let stopped = false;
  const deadline =
    options.durationS !== undefined ? trace.from + options.durationS * 1000 : Infinity;
  const one = (body: string) =>
    new Promise<void>((resolve) => {
      const i = trace.sent.length;
      trace.sent.push(performance.now());
      trace.done.push(NaN);
      trace.status.push(0);
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: options.path,
          agent,
          timeout: 30_000,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...options.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            trace.status[i] = status;
            if (status >= 200 && status < 300) trace.done[i] = performance.now();
            else
              trace.firstError ??= `HTTP ${status}: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`;
            resolve();
          });
        }
      );
      req.on('timeout', () => req.destroy(new Error('timeout after 30 s')));
      req.on('error', (error) => {
        trace.firstError ??= error.message;
        resolve();
      });
      req.end(body);
    });
  const worker = async () => {
    while (!stopped && performance.now() < deadline) {
      const body = options.bodies[next % options.bodies.length];
      next += 1;
      await one(body);
    }
  };
  const finished = Promise.all(Array.from({ length: options.connections }, worker)).then(() => {
    trace.to = performance.now();
    agent.destroy();
    return trace;
  });
  return {
    trace,
    finished,
    /** Stops sending; resolves when the requests in flight have answered. */
    stop: () => {
      stopped = true;
      return finished;
    },
  };
}
