/**
 * The serving benches' targets, each on the server CPU: Strapi with the model deployed (and a
 * reader whose personal model answers), the Koa baseline; and one measured window of load on one.
 */
import path from 'node:path';
import { ROOT, freePort, spawnChild, waitForHttp } from '../../harness/app-process';
import { opt, progressFor } from '../lib/bench';
import { autocannonRun } from '../lib/load';
import { cpuWindow } from '../lib/proc';
import { fmt } from '../lib/stats';
import { deployed, freshDbFile, giveLabel, signUpReader, startStrapi } from '../lib/strapi';

export const SERVER_CPU = 0;
export const SLUG = 'bench-sklearn';
export const DURATION = opt.num('duration', 8);
export const WARMUP = opt.num('warmup', 2);
export const progress = progressFor('serving');

/** Strapi on the server CPU, with `--server-node-args` (e.g. `--max-old-space-size=160`) and `extraArgs`. */
export async function startServer(env: Record<string, string>, extraArgs: string[] = []) {
  const nodeArgs = [...opt.str('server-node-args', '').split(' ').filter(Boolean), ...extraArgs];
  progress(`starting Strapi ${nodeArgs.join(' ')} ${JSON.stringify(env)}`);
  const server = await startStrapi({
    dbFile: freshDbFile('serving'),
    cpu: SERVER_CPU,
    nodeArgs,
    env,
  });
  progress(`Strapi up in ${fmt(server.bootMs / 1000, 1)} s (pid ${server.pid})`);
  return server;
}

/** Strapi serving `modelBytes` as SLUG, and its admins. */
export async function setupStrapi(
  modelBytes: Uint8Array,
  env: Record<string, string> = {},
  extraArgs: string[] = []
) {
  const server = await startServer(env, extraArgs);
  return { server, admins: await deployed(server.url, SLUG, modelBytes) };
}

/** The Koa baseline on the server CPU; resolves once it answers. */
export async function startKoa(modelPath: string) {
  const port = await freePort();
  const script = ['run-ts.js', 'koa-server.ts'].map((f) => path.join(ROOT, 'bench', f));
  const args = [...script, '--port', String(port), '--model', modelPath];
  const proc = spawnChild(process.execPath, args, { cpu: SERVER_CPU, label: 'koa' });
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/health`, 204, proc, 60_000);
  return { proc, pid: proc.pid, url: `${base}/predict` };
}

/** A reader signed up on `url` who labels `labelled` texts, so their personal model answers; their headers. */
export async function personalReader(
  url: string,
  labelled: Array<{ text: string; label: string }>
) {
  const { headers } = await signUpReader(url);
  let personal: { active?: boolean } | undefined;
  for (const { text, label } of labelled)
    personal = (await giveLabel(url, SLUG, headers, text, label))?.personal;
  if (!personal?.active)
    throw new Error(`the reader's personal model is not active: ${JSON.stringify(personal)}`);
  return headers;
}

/** A warm-up, then one measured window at `connections`, with the cores the server and the others used. */
export async function load(
  url: string,
  headers: Record<string, string>,
  bodies: string[],
  connections: number,
  serverPid: number
) {
  if (WARMUP > 0)
    await autocannonRun({ url, connections, durationS: WARMUP, headers, bodies, startIndex: 600 });
  const cpu = cpuWindow([serverPid]);
  const r = await autocannonRun({ url, connections, durationS: DURATION, headers, bodies });
  const { server, others } = cpu();
  return { ...r, serverCpu: server, othersCpu: others };
}
