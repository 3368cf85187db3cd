/**
 * Koa against Strapi in alternating windows: every server up at once (the idle ones cost nothing),
 * then for each connection count R rounds of Koa, then each Strapi target, on the same core. The
 * machine drifts between windows (another job, the CPU's clock) by more than the difference being
 * measured, so the ratio is taken per round, from neighbouring windows, and reported as a median
 * with its range; a ratio of two windows minutes apart says more about the machine than the servers.
 *
 * Strapi targets (issue 25): two instances, one at Strapi's default log level (`http`: a line per
 * request) and one quiet (`STRAPI_LOG_LEVEL=error`), each called with an API token and with a
 * reader's users-permissions JWT whose personal model answers (the reader lane). RSS idle (before
 * the first window) and peak (over all windows) per server.
 */
import { log } from '../lib/bench';
import { readJsonl } from '../lib/data';
import type { LoadResult } from '../lib/load';
import { readMemory, RssSampler } from '../lib/procs';
import { bearer, predictPath, removeDb, type StrapiServer } from '../lib/strapi';
import { fmt, fmtInt, median, table } from '../lib/stats';
import { SLUG, progress } from './options';
import { personalReader } from './personal-reader';
import { setupStrapi, startKoa } from './servers';

type Load = (
  url: string,
  headers: Record<string, string>,
  bodies: string[],
  connections: number,
  pid: number
) => Promise<LoadResult>;

export interface InterleavedRound {
  connections: number;
  round: number;
  koa: { rps: number; p99: number };
  /** per Strapi target ("default log, token", ...) */
  strapi: Record<string, { rps: number; p99: number }>;
}

export interface ServerMemory {
  server: string;
  rssIdleMiB: number;
  rssPeakMiB: number;
}

const LOG_LEVELS = [
  { name: 'default log', env: { STRAPI_LOG_LEVEL: 'http' } },
  { name: 'quiet log', env: { STRAPI_LOG_LEVEL: 'error' } },
];
/** What monitoring's counting costs a request (issue 26): the default configuration with it off. */
const MONITORING_OFF = {
  name: 'default log, monitoring off',
  env: { STRAPI_LOG_LEVEL: 'http', MODEL_MANAGER_MONITORING: 'false' },
};
const PERSONAL_LABELS = 5;

export async function interleaved(opts: {
  modelPath: string;
  modelBytes: Uint8Array;
  bodies: string[];
  connections: number[];
  rounds: number;
  load: Load;
  /** a third instance with monitoring off, beside the default one */
  monitoringOff?: boolean;
}) {
  const koa = await startKoa(opts.modelPath);
  const servers: StrapiServer[] = [];
  const targets: Array<{ name: string; server: StrapiServer; headers: Record<string, string> }> =
    [];
  // labels for the reader's personal model: training texts, never the holdout texts the load sends
  const labelled = readJsonl('partisan/train.jsonl').slice(0, PERSONAL_LABELS);
  const samplers = new Map<string, { pid: number; idle: number; sampler: RssSampler }>();
  const watch = (name: string, pid: number) =>
    samplers.set(name, {
      pid,
      idle: (readMemory(pid)?.rssKiB ?? NaN) / 1024,
      sampler: new RssSampler(pid).start(),
    });
  const rounds: InterleavedRound[] = [];
  try {
    for (const level of opts.monitoringOff ? [...LOG_LEVELS, MONITORING_OFF] : LOG_LEVELS) {
      const { server, creds } = await setupStrapi(opts.modelBytes, undefined, level.env);
      servers.push(server);
      const jwt = await personalReader(server.base, SLUG, labelled);
      targets.push({ name: `${level.name}, API token`, server, headers: bearer(creds.apiToken) });
      targets.push({ name: `${level.name}, reader JWT (personal)`, server, headers: bearer(jwt) });
      watch(`Strapi, ${level.name}`, server.pid);
    }
    watch('Koa + onnxruntime', koa.proc.pid!);
    for (const connections of opts.connections) {
      for (let round = 1; round <= opts.rounds; round += 1) {
        progress(`interleaved @${connections}, round ${round}/${opts.rounds}`);
        const k = await opts.load(koa.url, {}, opts.bodies, connections, koa.proc.pid!);
        const strapi: InterleavedRound['strapi'] = {};
        // the order turns each round: a window's place in the round (the machine warming up,
        // another job starting) must not favour one target
        const order = targets.map((_, i) => targets[(i + round - 1) % targets.length]);
        for (const t of order) {
          const s = await opts.load(
            t.server.base + predictPath(SLUG),
            t.headers,
            opts.bodies,
            connections,
            t.server.pid
          );
          if (s.non2xx) throw new Error(`${t.name}: ${s.non2xx} answers were not 2xx`);
          strapi[t.name] = { rps: s.rps, p99: s.latency.p99 };
        }
        rounds.push({ connections, round, koa: { rps: k.rps, p99: k.latency.p99 }, strapi });
      }
    }
  } finally {
    samplers.forEach(({ sampler }) => sampler.stop());
    await koa.proc.stop();
    for (const server of servers) {
      await server.stop();
      removeDb(server.dbFile);
    }
  }
  const range = (xs: number[]) =>
    `${fmt(median(xs))}x (${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))})`;
  const rows = opts.connections.flatMap((c) => {
    const mine = rounds.filter((r) => r.connections === c);
    return targets.map((t) => {
      const tokenName = t.name.replace('reader JWT (personal)', 'API token');
      return [
        String(c),
        t.name,
        mine.map((r) => `${fmtInt(r.koa.rps)} / ${fmtInt(r.strapi[t.name].rps)}`).join(', '),
        range(mine.map((r) => r.strapi[t.name].rps / r.koa.rps)),
        range(mine.map((r) => r.strapi[t.name].p99 / r.koa.p99)),
        tokenName === t.name
          ? ''
          : range(mine.map((r) => r.strapi[t.name].rps / r.strapi[tokenName].rps)),
      ];
    });
  });
  log(
    `\n# Interleaved: Koa and Strapi (fast path, batching on) in alternating windows, ${opts.rounds} rounds per connection count`
  );
  log(
    table([
      [
        'conns',
        'Strapi target',
        'req/s per round (Koa / Strapi)',
        'Strapi/Koa req/s, median (range)',
        'Strapi/Koa p99, median (range)',
        'reader/token req/s',
      ],
      ...rows,
    ])
  );
  const memory: ServerMemory[] = [...samplers].map(([server, { idle, sampler }]) => ({
    server,
    rssIdleMiB: idle,
    rssPeakMiB: sampler.peak() / 1024,
  }));
  log('\n# RSS during the alternating windows');
  log(
    table([
      ['server', 'RSS idle MiB', 'RSS peak MiB'],
      ...memory.map((m) => [m.server, fmt(m.rssIdleMiB, 0), fmt(m.rssPeakMiB, 0)]),
    ])
  );
  return { rounds, memory };
}
