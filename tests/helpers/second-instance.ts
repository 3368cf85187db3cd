import { spawn, type ChildProcess } from 'child_process';
import net from 'net';
import path from 'path';
import { eventually } from './eventually';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ROOT } = require('./database');

/** A second Strapi process on the same database as this test's instance: what a load balancer would see. */
export interface Instance {
  url: string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** `strapi start` on this worker's database, with extra environment (e.g. plugin options). */
export async function startSecondInstance(env: Record<string, string> = {}): Promise<Instance> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules/@strapi/strapi/bin/strapi.js'), 'start'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        STRAPI_LOG_LEVEL: 'error',
        STRAPI_STARTUP_BANNER: 'false',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    }
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const url = `http://127.0.0.1:${port}`;
  // Until it answers its health check (or exits); the bound is for a swamped machine, not a timing.
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`second instance exited: ${stderr}`);
      return fetch(`${url}/_health`).then(
        (r) => r.status === 204,
        () => false
      );
    },
    { timeoutMs: 180_000, intervalMs: 200 }
  );
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
