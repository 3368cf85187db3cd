/**
 * Personal models through real HTTP on a booted Strapi (`strapi start`, the compiled app):
 * - label -> changed answer: readers sign up (the Authenticated role holds the reader actions),
 *   label holdout utterances, and each label is timed from its 201 to the first predict whose
 *   answer differs; then predict throughput by a reader with a personal model, the same reader
 *   asking `scope: "global"`, and the API token (fast path);
 * - memory of 10,000 readers in a serving Strapi (personal/seed-readers.ts): every reader predicts
 *   once, so the server loads and caches every correction; RSS before and after, with the default
 *   LRU bound and again after a restart with a small one (MODEL_MANAGER_PERSONAL_CACHE_MB).
 */
import fs from 'node:fs';
import { FOREIGN_MODEL, readJsonl } from '../../tests/helpers/data';
import { adminApi } from '../../tests/helpers/http-admin';
import { log, opt } from '../lib/bench';
import { closedLoop, succeeded } from '../lib/load';
import { mibOf, rssKiB } from '../lib/proc';
import { fmt, fmtInt, percentile, table } from '../lib/stats';
import * as strapi from '../lib/strapi';
import type { Utterance } from './prequential';
import { seedReaders } from './seed-readers';

type Headers = Record<string, string>;
const SLUG = 'personal-bench';
const holdout = () => readJsonl<Utterance>('partisan/holdout.jsonl');
const ms = (xs: number[], p: number) => `${fmt(percentile(xs, p), 1)} ms`;
/** Strapi serving the foreign model, with its admins. */
async function serving(dbFile: string, env: Headers) {
  const server = await strapi.startStrapi({ dbFile, env });
  return {
    server,
    admins: await strapi.deployed(server.url, SLUG, fs.readFileSync(FOREIGN_MODEL)),
  };
}

/** `n` predicts of `body`, `concurrency` at a time, with caller i's headers: req/s, p50, p99, failed. */
async function predicts(
  url: string,
  n: number,
  concurrency: number,
  body: object,
  callers: (i: number) => Headers
) {
  const payload = JSON.stringify(body);
  const request = (i: number) => ({
    path: strapi.predictPath(SLUG),
    body: payload,
    headers: callers(i),
  });
  const r = await closedLoop({ base: url, n, concurrency, request });
  const ok = succeeded(r);
  const failed = `${n - ok.length}${r.firstError ? ` (${r.firstError.slice(0, 80)})` : ''}`;
  return [fmtInt(ok.length / r.wallS), ms(ok, 50), ms(ok, 99), failed];
}

/**
 * Each reader labels `perReader` texts; from the `minLabels`-th on (personal model active), each is
 * timed from its 201 to the first predict of the labelled text whose answer differs from the one
 * just before the label (a label moves its own text's words; a text sharing none of them stays put).
 */
async function labelLatency(url: string, readers: Headers[], perReader: number, minLabels: number) {
  const rows = holdout();
  const answer = async (headers: Headers, text: string) => {
    const path = strapi.predictPath(SLUG);
    const res = await adminApi.expectOk(url, 'POST', path, { headers, body: { text } });
    return JSON.stringify(res.data.probabilities);
  };
  const [feedbackMs, changeMs] = [[] as number[], [] as number[]];
  let [firstTime, cursor, unchanged] = [0, 0, 0];
  for (const headers of readers) {
    for (let l = 1; l <= perReader; l += 1) {
      const { text, label } = rows[cursor++ % rows.length];
      const before = l < minLabels ? '' : await answer(headers, text);
      const t0 = performance.now();
      await strapi.giveLabel(url, SLUG, headers, text, label);
      const t201 = performance.now();
      if (l < minLabels) continue;
      feedbackMs.push(t201 - t0);
      let [now, tries] = [before, 0];
      while (now === before && tries < 100) [now, tries] = [await answer(headers, text), tries + 1];
      if (now === before) unchanged += 1;
      else changeMs.push(performance.now() - t201);
      if (tries === 1 && now !== before) firstTime += 1;
    }
  }
  const cells = [ms(feedbackMs, 50), ms(feedbackMs, 99), ms(changeMs, 50), ms(changeMs, 99)];
  return [...cells, `${firstTime}/${feedbackMs.length}`, `${unchanged}`];
}

/** Labels -> changed answers, then predict throughput by caller (`npm run bench:personal -- --skip-quality`). */
export async function overHttp(minLabels: number) {
  const [readersN, perReader] = [opt.num('readers', 50), opt.num('labels', 12)];
  const [requests, concurrency] = [opt.num('requests', 1000), opt.num('concurrency', 4)];
  // --refit background: the refit runs after the label's 201; default: the plugin's (in the request)
  const refit = opt.str('refit', 'request');
  const { server, admins } = await serving(strapi.freshDbFile('personal'), {
    MODEL_MANAGER_PERSONAL_REFIT: refit,
  });
  try {
    const readers: Headers[] = [];
    for (let i = 0; i < readersN; i += 1)
      readers.push((await strapi.signUpReader(server.url)).headers);
    const rssBefore = rssKiB(server.pid);
    const latency = await labelLatency(server.url, readers, perReader, minLabels);
    log(
      `\n## Label -> changed prediction of the labelled text, ${readersN} readers (HTTP, personal model active, refit in the ${refit})`
    );
    const header = [
      'feedback 201 p50',
      'p99',
      '201 -> changed answer p50',
      'p99',
      'changed on the first predict',
      'unchanged after 100 predicts',
    ];
    log(table([header, latency]));
    const cache = (await strapi.runtime(server.url, admins.owner)).personalCache;
    log(
      `server RSS ${mibOf(rssKiB(server.pid))} MiB (before the readers' labels ${mibOf(rssBefore)} MiB); personal LRU ${cache?.entries} entries, ${fmt(cache?.bytes / 1024, 1)} KiB of ${fmt(cache?.maxBytes / 2 ** 20, 1)} MiB`
    );
    const text = holdout()[5].text.slice(0, 400);
    log(
      `\n## Predict throughput, ${requests} requests at concurrency ${concurrency}, one ${text.length}-character text`
    );
    const cases: Array<[string, Headers, object]> = [
      ['reader JWT: users-permissions, personal model (full chain)', readers[0], { text }],
      ['reader JWT: users-permissions, scope "global"', readers[0], { text, scope: 'global' }],
      ['API token: fast path, production only', admins.token, { text }],
    ];
    const rows = [];
    for (const [caller, headers, body] of cases) {
      await predicts(server.url, 100, concurrency, body, () => headers); // warm-up
      rows.push([
        caller,
        ...(await predicts(server.url, requests, concurrency, body, () => headers)),
      ]);
    }
    log(table([['caller', 'req/s', 'p50', 'p99', 'failed'], ...rows]));
  } finally {
    await server.stop();
  }
}

/** 10,000 readers' corrections in a serving Strapi, with the default LRU bound and a small one. */
export async function servingMemory(minLabels: number, fitted: Parameters<typeof seedReaders>[5]) {
  const [n, smallMiB] = [opt.num('memory-readers', 10_000), opt.num('small-cache-mb', 8)];
  const dbFile = strapi.freshDbFile('personal-memory');
  const secret = { JWT_SECRET: `bench-jwt-${process.pid}` };
  const text = holdout()[5].text.slice(0, 400);
  const first = await serving(dbFile, secret);
  const { admins } = first;
  let server = first.server;
  const rows: string[][] = [];
  /** Every reader predicts once (so the server loads their correction); RSS and the LRU after. */
  const predictAsEveryone = async (jwts: string[]) => {
    const rssBefore = rssKiB(server.pid);
    const bearer = (i: number) => ({ authorization: `Bearer ${jwts[i]}` });
    const [, p50, p99, failed] = await predicts(server.url, jwts.length, 4, { text }, bearer);
    const cache = (await strapi.runtime(server.url, admins.owner)).personalCache;
    const rss = [rssBefore, rssKiB(server.pid)].map((kib) => `${mibOf(kib)} MiB`);
    return [
      ...rss,
      String(cache?.entries),
      `${fmt(cache?.bytes / 2 ** 20, 1)} MiB`,
      p50,
      p99,
      failed,
    ];
  };
  let jsonKiB = NaN;
  try {
    // one reader through the API, whose users row, role link and personal row are copied n times
    const template = await strapi.signUpReader(server.url);
    for (const { text: t, label } of holdout().slice(0, minLabels))
      await strapi.giveLabel(server.url, SLUG, template.headers, t, label);
    const t0 = performance.now();
    const { jwts, meanJsonBytes } = seedReaders(
      dbFile,
      template.id,
      SLUG,
      n,
      secret.JWT_SECRET,
      fitted
    );
    jsonKiB = meanJsonBytes / 1024;
    log(
      `\n(seeded ${fmtInt(n)} readers and their rows in the database in ${fmt((performance.now() - t0) / 1000, 1)} s)`
    );
    // --small-cache-only: only the bounded run (e.g. with a capped heap, to tell garbage from retention)
    if (!opt.flag('small-cache-only'))
      rows.push(['default (256 MiB)', ...(await predictAsEveryone(jwts))]);
    await server.stop();
    // the same database and secrets: the admin's JWT outlives the restart
    const env = { ...secret, MODEL_MANAGER_PERSONAL_CACHE_MB: String(smallMiB) };
    server = await strapi.startStrapi({ dbFile, env });
    rows.push([`bound to ${smallMiB} MiB`, ...(await predictAsEveryone(jwts))]);
  } finally {
    await server.stop();
  }
  log(
    `\n## Memory of ${fmtInt(n)} readers' personal models in a serving Strapi (each reader predicts once with their JWT; correction rows ${fmt(jsonKiB, 1)} KiB of JSON, 12 labels each)`
  );
  const header = ['personal cache', 'RSS after boot and deploy', `RSS after ${fmtInt(n)} readers`];
  header.push('LRU entries', 'LRU bytes counted', 'predict p50', 'p99', 'failed');
  log(table([header, ...rows]));
}
