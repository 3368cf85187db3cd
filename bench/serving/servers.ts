/** The two HTTP targets under test, each on the server CPU: Strapi with the model deployed, and the Koa baseline. */
import path from 'node:path';
import { cpusAllowed, freePort, spawnTracked, waitForHttp } from '../lib/procs';
import { fmt } from '../lib/stats';
import {
  REPO_ROOT,
  deployModel,
  freshDbFile,
  startStrapi,
  type Credentials,
  type StrapiServer,
} from '../lib/strapi';
import { SERVER_CPU, SLUG, progress } from './options';

export async function setupStrapi(
  modelBytes: Uint8Array,
  nodeArgs?: string[],
  env?: Record<string, string>
): Promise<{ server: StrapiServer; creds: Credentials }> {
  const dbFile = freshDbFile('serving');
  progress(
    `starting Strapi (db ${dbFile})${nodeArgs ? ' with ' + nodeArgs.join(' ') : ''}${env && Object.keys(env).length ? ' env ' + JSON.stringify(env) : ''}`
  );
  const server = await startStrapi({ dbFile, cpu: SERVER_CPU, nodeArgs, env });
  progress(
    `Strapi up in ${fmt(server.bootMs / 1000, 1)} s (pid ${server.pid}, CPUs ${cpusAllowed(server.pid)})`
  );
  const creds = await deployModel(server.base, SLUG, modelBytes, 'Bench sklearn TF-IDF LR');
  return { server, creds };
}

/** Starts the Koa baseline on CPU 0; extra node flags (e.g. --cpu-prof) go before the script. */
export async function startKoa(modelPath: string, nodeArgs: string[] = []) {
  const port = await freePort();
  const proc = spawnTracked(
    process.execPath,
    [
      ...nodeArgs,
      path.join(REPO_ROOT, 'bench', 'run-ts.js'),
      path.join(REPO_ROOT, 'bench', 'koa-server.ts'),
      '--port',
      String(port),
      '--model',
      modelPath,
    ],
    { cpu: SERVER_CPU, cwd: REPO_ROOT, label: 'koa' }
  );
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/health`, 204, proc, 60_000);
  return { proc, base, url: `${base}/predict` };
}
