/**
 * --profile: why is Strapi slower than Koa? The SQL each predict request runs (knex debug
 * output), then Strapi and Koa under `node --cpu-prof` during the same load, summarised.
 */
import path from 'node:path';
import { log, monotonicUs } from '../lib/bench';
import { analyzeProfile, printProfile, profileDir, type ProfileSummary } from '../lib/cpuprofile';
import { postJson } from '../lib/http';
import { autocannonRun, type LoadResult } from '../lib/load';
import { environment, writeResults } from '../lib/results';
import { fmt, fmtInt, table } from '../lib/stats';
import {
  bearer,
  deployModel,
  freshDbFile,
  predictPath,
  removeDb,
  startStrapi,
} from '../lib/strapi';
import {
  CONNECTIONS,
  DURATION_S,
  PROFILE_ENV,
  PROF_DIR,
  SERVER_CPU,
  SLUG,
  WARMUP_S,
  progress,
} from './options';
import { setupStrapi, startKoa } from './servers';

/** SQL statements the server runs per predict request (knex's own debug output, DEBUG=knex:query). */
async function queryCensus(modelBytes: Uint8Array, bodies: string[], requests = 50) {
  let capturing = false;
  const seen: string[] = [];
  const onLine = (line: string) => {
    const at = line.indexOf('knex:query ');
    if (capturing && at >= 0)
      seen.push(
        line.slice(at + 'knex:query '.length).replace(/ (trx\d+|undefined)( \+\d+m?s)?$/, '')
      );
  };
  const dbFile = freshDbFile('census');
  const server = await startStrapi({
    dbFile,
    cpu: SERVER_CPU,
    env: { ...PROFILE_ENV, DEBUG: 'knex:query', DEBUG_COLORS: 'no' },
    onLine,
  });
  const creds = await deployModel(server.base, SLUG, modelBytes);
  const url = server.base + predictPath(SLUG);
  const headers = bearer(creds.apiToken);
  for (let i = 0; i < 5; i += 1) await postJson(url, bodies[i], headers); // warm
  await new Promise((r) => setTimeout(r, 300));
  capturing = true;
  const t0 = performance.now();
  for (let i = 0; i < requests; i += 1) {
    const r = await postJson(url, bodies[i], headers);
    if (r.status !== 200) throw new Error(`census: HTTP ${r.status}`);
  }
  const elapsedMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 100));
  capturing = false;
  await server.stop();
  removeDb(dbFile);
  const counts = new Map<string, number>();
  for (const q of seen) counts.set(q, (counts.get(q) ?? 0) + 1);
  return {
    requests,
    elapsedMs,
    total: seen.length,
    statements: [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([sql, n]) => ({ sql, count: n, perRequest: n / requests })),
  };
}

/** Runs a load against a server started with --cpu-prof; returns the load and the summary of the load window. */
async function profiledLoad(
  name: string,
  start: (
    nodeArgs: string[]
  ) => Promise<{ url: string; headers: Record<string, string>; stop: () => Promise<void> }>,
  bodies: string[]
): Promise<{
  load: LoadResult;
  summary: ProfileSummary;
  file: string;
  workers: Array<{ file: string; summary: ProfileSummary }>;
}> {
  const dir = profileDir(path.join(PROF_DIR, name.toLowerCase()));
  const target = await start(['--cpu-prof', `--cpu-prof-dir=${dir.dir}`]);
  await autocannonRun({
    url: target.url,
    connections: CONNECTIONS,
    durationS: WARMUP_S,
    headers: target.headers,
    bodies,
    startIndex: 600,
  });
  const fromUs = monotonicUs();
  const load = await autocannonRun({
    url: target.url,
    connections: CONNECTIONS,
    durationS: DURATION_S,
    headers: target.headers,
    bodies,
  });
  const toUs = monotonicUs();
  progress(`${name}: stopping (SIGTERM) so that it writes its profile`);
  await target.stop();
  const { main: file, workers } = dir.written();
  if (!file) throw new Error(`${name}: no main-thread .cpuprofile was written to ${dir.dir}`);
  const window = { fromUs, toUs };
  return {
    load,
    summary: analyzeProfile(file, 30, window),
    file,
    workers: workers.map((w) => ({ file: w, summary: analyzeProfile(w, 12, window) })),
  };
}

export async function profileMode(modelBytes: Uint8Array, modelPath: string, bodies: string[]) {
  log(
    `profile mode: Strapi env ${JSON.stringify(PROFILE_ENV)} (--fast-path-off sets MODEL_MANAGER_FAST_PATH=false)`
  );
  progress('query census: DEBUG=knex:query, 50 sequential predict requests');
  const census = await queryCensus(modelBytes, bodies);
  log(
    `\n## SQL per predict request (knex debug output, ${census.requests} sequential requests, ${fmt(census.elapsedMs / census.requests, 2)} ms each with debug logging on)`
  );
  log(
    table([
      ['statement', 'count', 'per request'],
      ...census.statements.map((q) => [q.sql.slice(0, 160), String(q.count), fmt(q.perRequest, 2)]),
    ])
  );
  log(
    `total: ${census.total} statements = ${fmt(census.total / census.requests, 2)} per request (the routing poll's "select revision" runs every routingPollMs regardless of traffic)`
  );

  const strapi = await profiledLoad(
    'Strapi',
    async (nodeArgs) => {
      const { server, creds } = await setupStrapi(modelBytes, nodeArgs, PROFILE_ENV);
      return {
        url: server.base + predictPath(SLUG),
        headers: bearer(creds.apiToken),
        stop: async () => {
          await server.stop();
          removeDb(server.dbFile);
        },
      };
    },
    bodies
  );
  const koa = await profiledLoad(
    'Koa',
    async (nodeArgs) => {
      const k = await startKoa(modelPath, nodeArgs);
      return { url: k.url, headers: {}, stop: () => k.proc.stop() };
    },
    bodies
  );

  for (const [name, p] of [
    ['Strapi', strapi],
    ['Koa', koa],
  ] as const) {
    log(
      `\n## ${name} under --cpu-prof (profiling slows it): ${fmtInt(p.load.rps)} req/s, p50 ${fmt(p.load.latency.p50)} ms, p99 ${fmt(p.load.latency.p99)} ms, ${p.load.ok2xx} x 2xx, ${p.load.non2xx} non-2xx`
    );
    log(
      `busy CPU per request: ${fmt((p.summary.busyMs * 1000) / p.load.ok2xx, 0)} µs (profile window ${fmt(p.summary.wallMs / 1000, 1)} s; µs/request = time / 2xx requests)`
    );
    if (name === 'Strapi') printProfile(p.summary, p.load.ok2xx);
    else {
      log('\nKoa: self time by module');
      log(
        table([
          ['module', 'ms', '% busy', 'µs/request'],
          ...p.summary.modules
            .slice(0, 12)
            .map((r) => [
              r.name,
              r.ms.toFixed(0),
              `${(r.share * 100).toFixed(1)}%`,
              fmt((r.ms * 1000) / p.load.ok2xx, 1),
            ]),
        ])
      );
    }
    for (const w of p.workers) {
      log(
        `\n${name}: worker thread ${path.basename(w.file)}, busy ${fmt((w.summary.busyMs * 1000) / p.load.ok2xx, 0)} µs per request; self time by module`
      );
      log(
        table([
          ['module', 'ms', '% busy', 'µs/request'],
          ...w.summary.modules
            .slice(0, 8)
            .map((r) => [
              r.name,
              r.ms.toFixed(0),
              `${(r.share * 100).toFixed(1)}%`,
              fmt((r.ms * 1000) / p.load.ok2xx, 1),
            ]),
        ])
      );
    }
  }
  const out = writeResults(
    PROFILE_ENV.MODEL_MANAGER_FAST_PATH ? 'serving-profile-fastpath-off' : 'serving-profile',
    {
      environment: environment(),
      connections: CONNECTIONS,
      durationS: DURATION_S,
      census,
      strapi: {
        load: strapi.load,
        profile: strapi.summary,
        file: strapi.file,
        workers: strapi.workers,
      },
      koa: { load: koa.load, profile: koa.summary, file: koa.file },
    }
  );
  log(
    `\nJSON: ${out}; raw profiles: ${strapi.file}, ${koa.file} (Chrome DevTools > Performance, or speedscope)`
  );
}
