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
 * Each window also gives the server's CPU per answer (/proc): another job on the machine slows a
 * window's req/s far more than it changes what an answer costs, so reader/token is given both ways.
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
/** One window: req/s, p99 ms, and the server's CPU per answer (µs): what a busy machine's windows distort least. */
type Window = { rps: number; p99: number; cpuUs: number };
const KOA = 'Koa + onnxruntime';

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
  type Target = { name: string; url: string; pid: number; headers: Record<string, string> };
  const targets: Target[] = [];
  // the reader's labels are training texts, never the holdout texts the load sends
  const labelled = readJsonl<{ text: string; label: string }>('partisan/train.jsonl').slice(0, 5);
  // RSS idle (before the first window) and peak (over all windows), per server
  const memory: Array<() => string[]> = [];
  const watch = (server: string, pid: number) => {
    const [idle, sampler] = [rssKiB(pid), rssSampler(pid)];
    memory.push(() => {
      sampler.stop();
      return [server, fmt(idle / 1024, 0), fmt(sampler.peak() / 1024, 0)];
    });
  };
  /** Per round at each connection count, every target's window, Koa's included. */
  const rounds: Array<{ connections: number; windows: Record<string, Window> }> = [];
  try {
    for (const instance of opts.monitoringOff ? [...INSTANCES, MONITORING_OFF] : INSTANCES) {
      const { server, admins } = await setupStrapi(opts.modelBytes, instance.env);
      servers.push(server);
      const reader = await personalReader(server.url, labelled);
      const [url, pid] = [server.url + predictPath(SLUG), server.pid];
      targets.push({ name: `${instance.name}, API token`, url, pid, headers: admins.token });
      targets.push({ name: `${instance.name}, reader JWT (personal)`, url, pid, headers: reader });
      watch(`Strapi, ${instance.name}`, server.pid);
    }
    watch(KOA, koa.pid);
    for (const connections of opts.connections) {
      for (let round = 1; round <= opts.rounds; round += 1) {
        progress(`interleaved @${connections}, round ${round}/${opts.rounds}`);
        const windows: Record<string, Window> = {};
        // Koa first, then the Strapi targets in an order that turns each round: a window's place
        // in the round (the machine warming up, another job starting) must not favour one target
        const turned = targets.map((_, i) => targets[(i + round - 1) % targets.length]);
        for (const t of [{ name: KOA, ...koa, headers: {} }, ...turned]) {
          const w = await load(t.url, t.headers, opts.bodies, connections, t.pid);
          if (w.non2xx) throw new Error(`${t.name}: ${w.non2xx} answers were not 2xx`);
          windows[t.name] = { rps: w.rps, p99: w.latency.p99, cpuUs: (w.serverCpu / w.rps) * 1e6 };
        }
        rounds.push({ connections, windows });
      }
    }
  } finally {
    await koa.proc.stop();
    for (const server of servers) await server.stop();
  }
  const rows = opts.connections.flatMap((c) => {
    const mine = rounds.filter((r) => r.connections === c).map((r) => r.windows);
    /** `name`'s `key` over `of`'s, per round: the median and the range. */
    const ratio = (name: string, of: string, key: keyof Window) => {
      const xs = mine.map((w) => w[name][key] / w[of][key]);
      return `${fmt(median(xs))}x (${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))})`;
    };
    return targets.map(({ name }) => {
      const token = name.replace('reader JWT (personal)', 'API token');
      const perRound = mine.map((w) => `${fmtInt(w[KOA].rps)} / ${fmtInt(w[name].rps)}`);
      const cpu = (n: string) => fmt(median(mine.map((w) => w[n].cpuUs)), 0);
      return [
        String(c),
        name,
        perRound.join(', '),
        ratio(name, KOA, 'rps'),
        ratio(name, KOA, 'p99'),
        `${cpu(KOA)} / ${cpu(name)}`,
        token === name ? '' : ratio(name, token, 'rps'),
        token === name ? '' : ratio(token, name, 'cpuUs'),
      ];
    });
  });
  log(
    `\n# Interleaved: Koa and Strapi (fast path, batching on) in alternating windows, ${opts.rounds} rounds per connection count`
  );
  const header = ['conns', 'Strapi target', 'req/s per round (Koa / Strapi)'];
  header.push('Strapi/Koa req/s, median (range)', 'Strapi/Koa p99, median (range)');
  header.push('server CPU µs per answer, median (Koa / Strapi)');
  log(table([[...header, 'reader/token req/s', 'token/reader CPU per answer'], ...rows]));
  log('\n# RSS during the alternating windows');
  log(table([['server', 'RSS idle MiB', 'RSS peak MiB'], ...memory.map((row) => row())]));
}
