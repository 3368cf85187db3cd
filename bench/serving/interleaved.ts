/**
 * Koa against Strapi in alternating windows: both servers up at once (the idle one costs nothing),
 * then for each connection count R rounds of Koa, Strapi, Koa, Strapi... on the same core. The
 * machine drifts between windows (another job, the CPU's clock) by more than the difference being
 * measured, so the ratio is taken per round, from neighbouring windows, and reported as a median
 * with its range; a ratio of two windows minutes apart says more about the machine than the servers.
 */
import { log } from '../lib/bench';
import type { LoadResult } from '../lib/load';
import { bearer, predictPath, removeDb } from '../lib/strapi';
import { fmt, fmtInt, median, table } from '../lib/stats';
import { SLUG, progress } from './options';
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
  strapi: { rps: number; p99: number };
}

export async function interleaved(opts: {
  modelPath: string;
  modelBytes: Uint8Array;
  bodies: string[];
  connections: number[];
  rounds: number;
  load: Load;
}) {
  const koa = await startKoa(opts.modelPath);
  const { server, creds } = await setupStrapi(opts.modelBytes);
  const rounds: InterleavedRound[] = [];
  try {
    for (const connections of opts.connections) {
      for (let round = 1; round <= opts.rounds; round += 1) {
        progress(`interleaved @${connections}, round ${round}/${opts.rounds}`);
        const k = await opts.load(koa.url, {}, opts.bodies, connections, koa.proc.pid!);
        const s = await opts.load(
          server.base + predictPath(SLUG),
          bearer(creds.apiToken),
          opts.bodies,
          connections,
          server.pid
        );
        rounds.push({
          connections,
          round,
          koa: { rps: k.rps, p99: k.latency.p99 },
          strapi: { rps: s.rps, p99: s.latency.p99 },
        });
      }
    }
  } finally {
    await koa.proc.stop();
    await server.stop();
    removeDb(server.dbFile);
  }
  const rows = opts.connections.map((c) => {
    const mine = rounds.filter((r) => r.connections === c);
    const rps = mine.map((r) => r.strapi.rps / r.koa.rps);
    const p99 = mine.map((r) => r.strapi.p99 / r.koa.p99);
    const range = (xs: number[]) =>
      `${fmt(median(xs))}x (${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))})`;
    return [
      String(c),
      mine.map((r) => `${fmtInt(r.koa.rps)} / ${fmtInt(r.strapi.rps)}`).join(', '),
      range(rps),
      range(p99),
    ];
  });
  log(
    `\n# Interleaved: Koa and Strapi fast path (batching on) in alternating windows, ${opts.rounds} rounds per connection count`
  );
  log(
    table([
      [
        'conns',
        'req/s per round (Koa / Strapi)',
        'Strapi/Koa req/s, median (range)',
        'Strapi/Koa p99, median (range)',
      ],
      ...rows,
    ])
  );
  return rounds;
}
