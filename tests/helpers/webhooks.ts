import http from 'http';
import type { AddressInfo } from 'net';
import type { AdminSession } from './admin';
import { unique, type TestApp } from './strapi';

/** A local HTTP server that records every webhook body it receives, subscribed to `events`. */
export async function webhookReceiver(app: TestApp, admin: AdminSession, events: string[]) {
  const received: Array<Record<string, any>> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hook = await app
    .http()
    .post('/admin/webhooks')
    .set(admin.headers)
    .send({
      name: unique('hook'),
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      headers: {},
      events,
    });
  if (hook.status !== 201) throw new Error(`webhook: ${hook.status} ${JSON.stringify(hook.body)}`);
  return {
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
