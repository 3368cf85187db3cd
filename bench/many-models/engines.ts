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
import { mibOf, rssKiB, rssSampler } from '../lib/proc';
import { fmt, fmtInt, summarize, table } from '../lib/stats';
import { runtime, startStrapi } from '../lib/strapi';
import { CACHE, CONCURRENCY, MODELS, predictSequence, progress, type Setup } from './options';

export const startServer = (dbFile: string, env: Record<string, string>) =>
  startStrapi({ dbFile, cpu: 0, env });

/**
 * Waits until the server's prewarm is done (every served version loaded, or the last pass stopped
 * for want of room); what then serves each version, and why (digits folded), with how many.
 */
export async function waitForPrewarm(url: string, adminEmail: string) {
  const t0 = performance.now();
  const admin = await login(url, adminEmail); // a JWT from before a long setup may have expired
  for (;;) {
    const { prewarm: p, sessions } = await runtime(url, admin);
    if (!p) throw new Error('GET /runtime has no prewarm report: is the build older than prewarm?');
    if (!p.running && (p.warm === p.served || p.full)) {
      const engines: Array<{ engine: string; reason: string }> = sessions.engines ?? [];
      const reasons: Record<string, number> = {};
      for (const e of engines) {
        const key = `${e.engine}: ${e.reason.replace(/\d+(\.\d+)?(e[+-]?\d+)?/g, '#')}`;
        reasons[key] = (reasons[key] ?? 0) + 1;
      }
      const count = (engine: string) => engines.filter((e) => e.engine === engine).length;
      const waitedS = (performance.now() - t0) / 1000;
      const served = `${count('compiled')} / ${count('onnxruntime')} of ${sessions.size}`;
      return {
        waitedS,
        warm: p.warm,
        served: p.served,
        failed: p.failed,
        reasons,
        engines: served,
      };
    }
    if (performance.now() - t0 > 3_600_000)
      throw new Error(`prewarm not done: ${JSON.stringify(p)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** One request to every version, round-robin, with the server's RSS peak and at the end. */
async function firstRequests(server: Setup, texts: string[]) {
  const sampler = rssSampler(server.pid);
  const r = await predictSequence(server, roundRobin(MODELS, MODELS), texts);
  const ok = succeeded(r);
  const figures = { ok: ok.length, rps: ok.length / r.wallS, latency: summarize(ok) };
  sampler.stop();
  return { ...figures, peakKiB: sampler.peak(), endKiB: rssKiB(server.pid) };
}

async function measure(engine: string, dbFile: string, admins: Admins, texts: string[]) {
  const compiled = { MODEL_MANAGER_COMPILED_SCORERS: String(engine === 'compiled') };
  progress(`${engine}: booting with room for all ${MODELS} versions; waiting for the prewarm`);
  const full = await startServer(dbFile, {
    ...compiled,
    MODEL_MANAGER_CACHE_SESSIONS: String(MODELS + 10),
    MODEL_MANAGER_CACHE_MB: String(64 * 1024),
  });
  const warmed = await waitForPrewarm(full.url, admins.owner.email);
  const warmKiB = rssKiB(full.pid);
  const first = await firstRequests({ url: full.url, pid: full.pid, admins }, texts);
  await full.stop();
  progress(
    `${engine}: prewarm off, round-robin over ${MODELS} versions through a cache of ${CACHE}`
  );
  const server = await startServer(dbFile, {
    ...compiled,
    MODEL_MANAGER_CACHE_SESSIONS: String(CACHE),
    MODEL_MANAGER_PREWARM: 'false',
  });
  const cold = await firstRequests({ url: server.url, pid: server.pid, admins }, texts);
  await server.stop();
  return { engine, bootMs: full.bootMs, warmed, warmKiB, first, cold };
}

export async function compareEngines(dbFile: string, admins: Admins, texts: string[]) {
  progress('floor: a server with room for one version, prewarmed');
  const floor = await startServer(dbFile, { MODEL_MANAGER_CACHE_SESSIONS: '1' });
  await waitForPrewarm(floor.url, admins.owner.email);
  const floorKiB = rssKiB(floor.pid);
  await floor.stop();
  const figures = [];
  for (const engine of ['compiled', 'onnxruntime'])
    figures.push(await measure(engine, dbFile, admins, texts));

  log(`\n## Compiled scorers vs onnxruntime sessions: ${MODELS} served versions`);
  log(`RSS floor (one version loaded): ${mibOf(floorKiB)} MiB`);
  const header = ['engine', 'boot (s)', 'prewarm done after (s)', 'warm / served'];
  header.push('RSS all warm (MiB)', 'growth over floor (MiB)', 'per version (KiB)');
  header.push('served compiled / onnxruntime');
  const rows = figures.map(({ engine, bootMs, warmed: w, warmKiB }) => [
    engine,
    fmt(bootMs / 1000, 1),
    fmt(w.waitedS, 1),
    `${w.warm} / ${w.served}${w.failed ? ` (${w.failed} failed)` : ''}`,
    fmtInt(mibOf(warmKiB)),
    fmtInt(mibOf(warmKiB - floorKiB)),
    fmtInt((warmKiB - floorKiB) / MODELS),
    w.engines,
  ]);
  log(table([header, ...rows]));
  for (const f of figures)
    for (const [why, n] of Object.entries(f.warmed.reasons)) log(`  ${f.engine}: ${n} x ${why}`);
  log(
    `First request to each version (round-robin over ${MODELS} versions, each once, concurrency ${CONCURRENCY}):` +
      ` prewarmed = cache of ${MODELS + 10}, after GET /runtime said all were warm; cold = prewarm off, cache of ${CACHE}, every request loads its version`
  );
  const row = (engine: string, server: string, r: Awaited<ReturnType<typeof firstRequests>>) => {
    const { p50, p90, p99, max } = r.latency;
    const ms = [p50, p90, p99, max].map((x) => fmt(x));
    return [
      engine,
      server,
      `${r.ok}/${MODELS}`,
      fmtInt(r.rps),
      ...ms,
      `${mibOf(r.peakKiB)} / ${mibOf(r.endKiB)}`,
    ];
  };
  const head = ['engine', 'server', 'ok', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'];
  const firsts = figures.flatMap((f) => [
    row(f.engine, 'prewarmed', f.first),
    row(f.engine, 'cold', f.cold),
  ]);
  log(table([[...head, 'RSS peak / end (MiB)'], ...firsts]));
}
