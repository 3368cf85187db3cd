import type { AdminSession } from './admin';
import { unique, type TestApp } from './strapi';

/** An admin token (Strapi 5.54 `POST /admin/admin-tokens`) owned by `owner`, limited to `actions`. */
export async function createAdminToken(
  app: TestApp,
  owner: AdminSession,
  actions: string[]
): Promise<string> {
  const adminPermissions = actions.map((action) => ({ action }));
  const res = await app
    .http()
    .post('/admin/admin-tokens')
    .set(owner.headers)
    .send({ name: unique('mcp'), adminPermissions, lifespan: null });
  if (res.status !== 201)
    throw new Error(`admin token create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.accessKey;
}

export interface JsonRpcAnswer {
  status: number;
  result?: Record<string, any>;
  error?: { code: number; message: string };
}

let nextId = 0;

/** One JSON-RPC call to Strapi's MCP endpoint; the answer may come as JSON or as one SSE event. */
export async function mcp(
  app: TestApp,
  token: string | null,
  method: string,
  params: Record<string, unknown> = {}
): Promise<JsonRpcAnswer> {
  nextId += 1;
  const req = app
    .http()
    .post('/mcp')
    .set('Accept', 'application/json, text/event-stream')
    .set('Content-Type', 'application/json');
  if (token) req.set('Authorization', `Bearer ${token}`);
  const res = await req
    .buffer(true)
    .parse((r, done) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => (text += chunk));
      r.on('end', () => done(null, text));
    })
    .send({ jsonrpc: '2.0', id: nextId, method, params });
  const text = String(res.body);
  const json = text.trimStart().startsWith('{')
    ? text
    : (text
        .split('\n')
        .find((line) => line.startsWith('data:'))
        ?.slice(5) ?? 'null');
  const message = JSON.parse(json) ?? {};
  return { status: res.status, result: message.result, error: message.error };
}
