/**
 * Soak (`npm run bench:soak -- --minutes 10 --instances 3 --connections 32 --promote-every 10`):
 * the cluster of `npm run cluster` (N instances on PostgreSQL behind HAProxy) at saturation for
 * the given time, while two approved versions are promoted in turn every few seconds. Every
 * answer is checked against the version it names (each version gives a different P(red) for the
 * probe text), errors are counted, and each instance's RSS is sampled so growth after warm-up
 * can be read off. Needs the app compiled (`npx tsc -p tsconfig.json`) and HAProxy.
 */
import { dropDatabase, firstActors, startCluster } from '../tests/helpers/cluster-client';
import { adminApi } from '../tests/helpers/http-admin';
import { textClassifierOnnx } from '../tests/helpers/onnx-fixtures';
import { log, opt, progressFor, runMain } from './lib/bench';
import { rssKiB } from './lib/proc';
import { fmt, fmtInt, summarize, table } from './lib/stats';
import { predictPath } from './lib/strapi';

const minutes = opt.num('minutes', 10);
const instances = opt.num('instances', 3);
const connections = opt.num('connections', 32);
const promoteEverySec = opt.num('promote-every', 10);
const warmupSec = opt.num('warmup', 60);
const progress = progressFor('soak');
// The fixture answers P(red | "the wall") = sigmoid(2 * strength).
const strengths = [1.25, 2.5];

runMain('soak', async () => {
  const database = `mm_soak_${process.pid}`;
  const cluster = await startCluster({ instances, port: 0, database, fresh: true });
  try {
    const { owner, reviewer, token } = await firstActors(cluster);
    const slug = await adminApi.createModel(cluster.url, owner);
    const redOf = new Map<number, number>();
    for (const strength of strengths) {
      const bytes = textClassifierOnnx({ strength });
      const number = await adminApi.upload(cluster.url, owner, slug, bytes);
      await adminApi.review(cluster.url, reviewer, slug, number);
      redOf.set(number, 1 / (1 + Math.exp(-2 * strength)));
    }
    const versions = [...redOf.keys()];
    await adminApi.promote(cluster.url, owner, slug, versions[0]);

    const started = Date.now();
    const endsAt = started + minutes * 60_000;
    const latencies: number[] = [];
    const errors: Record<string, number> = {};
    const countError = (key: string) => (errors[key] = (errors[key] ?? 0) + 1);
    const errorCount = () => Object.values(errors).reduce((a, b) => a + b, 0);
    let [wrongVersion, promotions] = [0, 0];
    const request = {
      method: 'POST',
      headers: { ...token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'the wall' }),
    };
    const client = async () => {
      while (Date.now() < endsAt) {
        const t0 = performance.now();
        try {
          const res = await fetch(cluster.url + predictPath(slug), request);
          const text = await res.text();
          latencies.push(performance.now() - t0);
          // HAProxy's own answers (503 no server, 504 timeout) are HTML: the status and its first words
          if (res.status !== 200) {
            const words = text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
            countError(`${res.status} ${words.trim().slice(0, 80)}`);
            continue;
          }
          const { meta, data } = JSON.parse(text);
          const expected = redOf.get(meta?.version) ?? NaN;
          if (Math.abs(data?.probabilities.red - expected) > 1e-5) wrongVersion += 1;
        } catch (error) {
          countError((error as Error).message);
        }
      }
    };
    const promoter = async () => {
      for (let next = 1; Date.now() + promoteEverySec * 1000 < endsAt; next = 1 - next) {
        await new Promise((r) => setTimeout(r, promoteEverySec * 1000));
        await adminApi.promote(cluster.url, owner, slug, versions[next]);
        promotions += 1;
      }
    };
    const rss: Array<{ atSec: number; mib: number[] }> = [];
    const seconds = () => Math.round((Date.now() - started) / 1000);
    const mibs = () => cluster.instances.map((i) => rssKiB(i.pid ?? 0) / 1024);
    const sampler = setInterval(() => rss.push({ atSec: seconds(), mib: mibs() }), 10_000);
    const reporter = setInterval(() => {
      const what = `${fmtInt(latencies.length)} answers, ${errorCount()} errors`;
      progress(`${seconds()} s: ${what}, ${wrongVersion} wrong, ${promotions} promotions`);
    }, 30_000);
    await Promise.all([...Array.from({ length: connections }, client), promoter()]);
    clearInterval(sampler);
    clearInterval(reporter);

    const latency = summarize(latencies);
    const perSecond = latency.count / ((Date.now() - started) / 1000);
    log(
      `\nSoak: ${instances} instances behind HAProxy, ${connections} connections, ${minutes} min, a promotion every ${promoteEverySec} s`
    );
    const header = ['answers', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'wrong version'];
    header.push('promotions');
    const row = [fmtInt(latency.count), fmtInt(perSecond), fmt(latency.p50), fmt(latency.p99)];
    row.push(String(errorCount()), String(wrongVersion), String(promotions));
    log(table([header, row]));
    if (errorCount()) log(`errors: ${JSON.stringify(errors)}`);
    const first = rss.find((s) => s.atSec >= warmupSec) ?? rss[0];
    const last = rss[rss.length - 1];
    log(`\nRSS per instance (MiB) after ${warmupSec} s of warm-up, then at the end:`);
    const growth = cluster.instances.map((instance, i) => {
      const [from, to] = [first?.mib[i] ?? NaN, last?.mib[i] ?? NaN];
      return [instance.name, fmt(from, 1), fmt(to, 1), fmt(to - from, 1)];
    });
    log(table([['instance', `at ${first?.atSec} s`, `at ${last?.atSec} s`, 'growth'], ...growth]));
  } finally {
    await cluster.stop();
    await dropDatabase(database);
  }
});
