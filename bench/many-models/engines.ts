/**
 * Compiled scorers against onnxruntime sessions, on the same database of served versions, and the
 * first request to each version on a prewarmed server against a cold one:
 * - prewarmed: a server whose cache holds every version loads them all in the background after boot
 *   (services/serving/prewarm.ts); once GET /runtime says they are all warm: its RSS, what serves
 *   each, then one request to every version (round-robin over all of them, each version once);
 * - cold (prewarm off): the bench's cache (smaller than the versions) and the same round-robin, so
 *   every request loads its version first (artifact fetch, session creation, compile, parity check).
 */
import { login, type Admins } from '../../tests/helpers/http-admin';
import { log } from '../lib/bench';
import { succeeded } from '../lib/load';
import { roundRobin } from '../lib/patterns';
import { descendantsRssKiB, mibOf, rssKiB, rssSampler } from '../lib/proc';
import { fmt, fmtInt, summarize, table } from '../lib/stats';
import { runtime, startStrapi } from '../lib/strapi';
import { CACHE, CONCURRENCY, MODELS, predictSequence, progress, type Setup } from './options';

export const startServer = (dbFile: string, env: Record<string, string>) =>
  startStrapi({ dbFile, cpu: 0, env });

/** Waits until the server's prewarm is done: every served version loaded, or the last pass out of room. */
export async function waitForPrewarm(url: string, adminEmail: string) {
  const t0 = performance.now();
  const admin = await login(url, adminEmail); // a JWT from before a long setup may have expired
  for (;;) {
    const { prewarm: p, sessions } = await runtime(url, admin);
    if (!p) throw new Error('GET /runtime has no prewarm report: is the build older than prewarm?');
    if (!p.running && (p.warm === p.served || p.full)) {
      // which engine serves each version
      const count = (engine: string) =>
        (sessions.engines ?? []).filter((e: { engine: string }) => e.engine === engine).length;
      const engines = `${count('compiled')} / ${count('onnxruntime')} of ${sessions.size}`;
      const warm = `${p.warm} / ${p.served}${p.failed ? ` (${p.failed} failed)` : ''}`;
      return { waitedS: (performance.now() - t0) / 1000, warm, engines };
    }
    if (performance.now() - t0 > 3_600_000)
      throw new Error(`no end to prewarm: ${JSON.stringify(p)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** One request to every version, round-robin: the row of the first-request table. */
async function firstRequests(engine: string, server: Setup, texts: string[]) {
  const sampler = rssSampler(server.pid);
  const r = await predictSequence(server, roundRobin(MODELS, MODELS), texts);
  sampler.stop();
  const ok = succeeded(r);
  const { p50, p90, p99, max } = summarize(ok);
  const ms = [p50, p90, p99, max].map((x) => fmt(x));
  const rss = `${mibOf(sampler.peak())} / ${mibOf(rssKiB(server.pid))}`;
  return [engine, `${ok.length}/${MODELS}`, fmtInt(ok.length / r.wallS), ...ms, rss];
}

/** A server with room for every version, once prewarmed, then a cold one (prewarm off, the bench's cache). */
async function measure(
  engine: string,
  dbFile: string,
  admins: Admins,
  texts: string[],
  floorKiB: number
) {
  const compiled = { MODEL_MANAGER_COMPILED_SCORERS: String(engine === 'compiled') };
  progress(`${engine}: booting with room for all ${MODELS} versions; waiting for the prewarm`);
  const full = await startServer(dbFile, {
    ...compiled,
    MODEL_MANAGER_CACHE_SESSIONS: String(MODELS + 10),
    MODEL_MANAGER_CACHE_MB: String(64 * 1024),
  });
  const { waitedS, warm, engines } = await waitForPrewarm(full.url, admins.owner.email);
  const warmKiB = rssKiB(full.pid);
  // onnxruntime's side of the parity checks runs in a child process, until 30 s after the last load
  const childKiB = descendantsRssKiB(full.pid);
  const prewarmed = await firstRequests(`${engine}, prewarmed`, { ...full, admins }, texts);
  await full.stop();
  progress(
    `${engine}: prewarm off, round-robin over ${MODELS} versions through a cache of ${CACHE}`
  );
  const coldEnv = { MODEL_MANAGER_CACHE_SESSIONS: String(CACHE), MODEL_MANAGER_PREWARM: 'false' };
  const server = await startServer(dbFile, { ...compiled, ...coldEnv });
  const cold = await firstRequests(`${engine}, cold`, { ...server, admins }, texts);
  await server.stop();
  const growthKiB = warmKiB - floorKiB;
  const memory = [fmtInt(mibOf(warmKiB)), fmtInt(mibOf(childKiB))];
  memory.push(fmtInt(mibOf(growthKiB)), fmtInt(growthKiB / MODELS));
  const boot = [engine, fmt(full.bootMs / 1000, 1), fmt(waitedS, 1), warm, ...memory, engines];
  return { boot, firsts: [prewarmed, cold] };
}

export async function compareEngines(dbFile: string, admins: Admins, texts: string[]) {
  progress('floor: a server with room for one version, prewarmed');
  const floor = await startServer(dbFile, { MODEL_MANAGER_CACHE_SESSIONS: '1' });
  await waitForPrewarm(floor.url, admins.owner.email);
  const floorKiB = rssKiB(floor.pid);
  await floor.stop();
  const figures = [];
  for (const engine of ['compiled', 'onnxruntime'])
    figures.push(await measure(engine, dbFile, admins, texts, floorKiB));

  log(`\n## Compiled scorers vs onnxruntime sessions: ${MODELS} served versions`);
  log(`RSS floor (one version loaded): ${mibOf(floorKiB)} MiB`);
  const header = ['engine', 'boot (s)', 'prewarm done after (s)', 'warm / served'];
  header.push('RSS all warm (MiB)', 'its child processes (MiB)');
  header.push('growth over floor (MiB)', 'per version (KiB)');
  log(table([[...header, 'served compiled / onnxruntime'], ...figures.map((f) => f.boot)]));
  log(
    `First request to each version (round-robin over ${MODELS} versions, each once, concurrency ${CONCURRENCY}):` +
      ` prewarmed = cache of ${MODELS + 10}, after GET /runtime said all were warm; cold = prewarm off, cache of ${CACHE}, every request loads its version`
  );
  const head = ['engine, server', 'ok', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'];
  log(table([[...head, 'RSS peak / end (MiB)'], ...figures.flatMap((f) => f.firsts)]));
}
