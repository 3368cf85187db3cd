/** A GET outside the load generators, on a given keep-alive agent. */
import http from 'node:http';

/** GET over `agent` (a separate agent keeps, e.g., a status poller from queueing behind load sockets). */
export function getJson(
  agent: http.Agent,
  base: string,
  route: string,
  bearer: string
): Promise<{ status: number; body: any }> {
  const url = new URL(base + route);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'GET',
        agent,
        timeout: 30_000,
        headers: { authorization: `Bearer ${bearer}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
          } catch {
            resolve({ status: res.statusCode ?? 0, body: text });
          }
        });
      }
    );
    req.on('timeout', () => req.destroy(new Error('poll timeout')));
    req.on('error', reject);
    req.end();
  });
}
