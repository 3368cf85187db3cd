/**
 * Koa against Strapi in alternating windows: every server up at once (the idle ones cost nothing),
 * then for each connection count R rounds of Koa, then each Strapi target, on the same core. The
 * machine drifts between windows (another job, the CPU's clock) by more than the difference being
 * measured, so the ratio is taken per round, from neighbouring windows, and reported as a median
 * with its range; a ratio of two windows minutes apart says more about the machine than the servers.
 *
 * Strapi targets (issue 25): two instances, one at Strapi's default log level (`http`: a line per
 * request) and one quiet (`STRAPI_LOG_LEVEL=error`), with `monitoringOff` a third at the default
 * level with monitoring off (issue 26); each called with an API token and with a reader's
 * users-permissions JWT whose personal model answers (the reader lane). RSS idle and peak per server.
 */
import { readJsonl } from '../../tests/helpers/data';
import { log } from '../lib/bench';
import { rssKiB, rssSampler } from '../lib/proc';
import { fmt, fmtInt, median, table } from '../lib/stats';
import { predictPath, type StrapiServer } from '../lib/strapi';
import { SLUG, load, personalReader, progress, setupStrapi, startKoa } from './servers';

const INSTANCES = [
  { name: 'default log', env: { STRAPI_LOG_LEVEL: 'http' } },
  { name: 'quiet log', env: { STRAPI_LOG_LEVEL: 'error' } },
];
const MONITORING_OFF = {
  name: 'default log, monitoring off',
  env: { STRAPI_LOG_LEVEL: 'http', MODEL_MANAGER_MONITORING: 'false' },
};
type Window = { rps: number; p99: number };

export async function interleaved(opts: {
  modelPath: string;
  modelBytes: Uint8Array;
  bodies: string[];
  connections: number[];
  rounds: number;
  monitoringOff: boolean;
}) {
  const koa = await startKoa(opts.modelPath);
  const servers: StrapiServer[] = [];
  const targets: Array<{ name: string; server: StrapiServer; headers: Record<string, string> }> =
    [];
  // the reader's labels are training texts, never the holdout texts the load sends
  const labelled = readJsonl<{ text: string; label: string }>('partisan/train.jsonl').slice(0, 5);
  const memory: Array<{ server: string; idleKiB: number; sampler: ReturnType<typeof rssSampler> }> =
    [];
  const watch = (server: string, pid: number) =>
    memory.push({ server, idleKiB: rssKiB(pid), sampler: rssSampler(pid) });
  const rounds: Array<{ connections: number; koa: Window; strapi: Record<string, Window> }> = [];
  try {
    for (const instance of opts.monitoringOff ? [...INSTANCES, MONITORING_OFF] : INSTANCES) {
      const { server, admins } = await setupStrapi(opts.modelBytes, instance.env);
      servers.push(server);
      const reader = await personalReader(server.url, labelled);
      targets.push({ name: `${instance.name}, API token`, server, headers: admins.token });
      targets.push({ name: `${instance.name}, reader JWT (personal)`, server, headers: reader });
      watch(`Strapi, ${instance.name}`, server.pid);
    }
    watch('Koa + onnxruntime', koa.pid);
    for (const connections of opts.connections) {
      for (let round = 1; round <= opts.rounds; round += 1) {
        progress(`interleaved @${connections}, round ${round}/${opts.rounds}`);
        const k = await load(koa.url, {}, opts.bodies, connections, koa.pid);
        const strapi: Record<string, Window> = {};
        // the order turns each round: a window's place in the round (the machine warming up,
        // another job starting) must not favour one target
        for (const i of targets.keys()) {
          const t = targets[(i + round - 1) % targets.length];
          const url = t.server.url + predictPath(SLUG);
          const s = await load(url, t.headers, opts.bodies, connections, t.server.pid);
          if (s.non2xx) throw new Error(`${t.name}: ${s.non2xx} answers were not 2xx`);
          strapi[t.name] = { rps: s.rps, p99: s.latency.p99 };
        }
        rounds.push({ connections, koa: { rps: k.rps, p99: k.latency.p99 }, strapi });
      }
    }
  } finally {
    await koa.proc.stop();
    for (const server of servers) await server.stop();
  }
  const range = (xs: number[]) =>
    `${fmt(median(xs))}x (${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))})`;
  const rows = opts.connections.flatMap((c) => {
    const mine = rounds.filter((r) => r.connections === c);
    const ratio = (name: string, of: (r: (typeof mine)[0]) => Window, key: keyof Window) =>
      range(mine.map((r) => r.strapi[name][key] / of(r)[key]));
    return targets.map(({ name }) => {
      const token = name.replace('reader JWT (personal)', 'API token');
      return [
        String(c),
        name,
        mine.map((r) => `${fmtInt(r.koa.rps)} / ${fmtInt(r.strapi[name].rps)}`).join(', '),
        ratio(name, (r) => r.koa, 'rps'),
        ratio(name, (r) => r.koa, 'p99'),
        token === name ? '' : ratio(name, (r) => r.strapi[token], 'rps'),
      ];
    });
  });
  log(
    `\n# Interleaved: Koa and Strapi (fast path, batching on) in alternating windows, ${opts.rounds} rounds per connection count`
  );
  const header = ['conns', 'Strapi target', 'req/s per round (Koa / Strapi)'];
  header.push(
    'Strapi/Koa req/s, median (range)',
    'Strapi/Koa p99, median (range)',
    'reader/token req/s'
  );
  log(table([header, ...rows]));
  const rss = memory.map((m) => ({
    server: m.server,
    idleKiB: m.idleKiB,
    peakKiB: m.sampler.peak(),
  }));
  memory.forEach((m) => m.sampler.stop());
  log('\n# RSS during the alternating windows');
  log(
    table([
      ['server', 'RSS idle MiB', 'RSS peak MiB'],
      ...rss.map((m) => [m.server, fmt(m.idleKiB / 1024, 0), fmt(m.peakKiB / 1024, 0)]),
    ])
  );
}
