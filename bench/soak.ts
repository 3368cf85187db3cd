/**
 * Soak (`npm run bench:soak -- --minutes 10 --instances 3 --connections 32 --promote-every 10`):
 * the cluster of `npm run cluster` (N instances on PostgreSQL behind HAProxy) at saturation for
 * the given time, while two approved versions are promoted in turn every few seconds. Every
 * answer is checked against the version it names (each version gives a different P(red) for the
 * probe text), errors are counted, and each instance's RSS is sampled so growth after warm-up
 * can be read off. Needs the app compiled (`npm run build` or any test run) and HAProxy.
 */
import { dropDatabase, firstActors, startCluster } from '../tests/helpers/cluster-client';
import { adminApi } from '../tests/helpers/http-admin';
import { textClassifierOnnx } from '../tests/helpers/onnx-fixtures';
import { numOpt } from './lib/cli';
import { readMemory } from './lib/procs';
import { writeResults, environment } from './lib/results';
import { Samples, fmt, fmtInt, summarize, table } from './lib/stats';

const minutes = numOpt('minutes', 'SOAK_MINUTES', 10);
const instances = numOpt('instances', 'SOAK_INSTANCES', 3);
const connections = numOpt('connections', 'SOAK_CONNECTIONS', 32);
const promoteEverySec = numOpt('promote-every', 'SOAK_PROMOTE_EVERY', 10);
const warmupSec = numOpt('warmup', 'SOAK_WARMUP', 60);

// The fixture answers P(red | "the wall") = sigmoid(2 * strength).
const strengths = [1.25, 2.5];
const expectedRed = (strength: number) => 1 / (1 + Math.exp(-2 * strength));

async function main() {
  const database = 'mm_soak';
  const cluster = await startCluster({ instances, port: 0, database, fresh: true });
  try {
    const { owner, reviewer, token } = await firstActors(cluster);
    const slug = await adminApi.createModel(cluster.url, owner);
    const versions: number[] = [];
    for (const strength of strengths) {
      const number = await adminApi.upload(
        cluster.url,
        owner,
        slug,
        textClassifierOnnx({ strength })
      );
      await adminApi.review(cluster.url, reviewer, slug, number);
      versions.push(number);
    }
    const redOf = new Map(versions.map((v, i) => [v, expectedRed(strengths[i])]));
    await adminApi.promote(cluster.url, owner, slug, versions[0]);

    const started = Date.now();
    const endsAt = started + minutes * 60_000;
    const latencies = new Samples();
    const errors = new Map<string, number>();
    let wrongVersion = 0;
    let promotions = 0;
    const countError = (key: string) => errors.set(key, (errors.get(key) ?? 0) + 1);
    const body = JSON.stringify({ text: 'the wall' });
    const headers = { ...token, 'Content-Type': 'application/json' };

    const client = async () => {
      while (Date.now() < endsAt) {
        const t0 = performance.now();
        try {
          const res = await fetch(`${cluster.url}/api/model-manager/models/${slug}/predict`, {
            method: 'POST',
            headers,
            body,
          });
          const text = await res.text();
          latencies.push(performance.now() - t0);
          // HAProxy's own answers (503 no server, 504 timeout) are HTML: keep the status and its first words
          if (res.status !== 200) {
            countError(
              `${res.status} ${text
                .replace(/<[^>]+>/g, ' ')
                .replace(/\s+/g, ' ')
                .trim()
                .slice(0, 80)}`
            );
            continue;
          }
          const answer = JSON.parse(text) as {
            meta?: { version: number };
            data?: { probabilities: { red: number } };
          };
          if (
            Math.abs(
              (answer.data?.probabilities.red ?? NaN) -
                (redOf.get(answer.meta?.version ?? -1) ?? NaN)
            ) > 1e-5
          )
            wrongVersion += 1;
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
    const sampler = setInterval(() => {
      rss.push({
        atSec: Math.round((Date.now() - started) / 1000),
        mib: cluster.instances.map((i) => (readMemory(i.pid ?? 0)?.rssKiB ?? NaN) / 1024),
      });
    }, 10_000);
    const progress = setInterval(() => {
      console.log(
        `[soak] ${Math.round((Date.now() - started) / 1000)} s: ${fmtInt(latencies.length)} answers, ${[...errors.values()].reduce((a, b) => a + b, 0)} errors, ${wrongVersion} wrong, ${promotions} promotions`
      );
    }, 30_000);
    await Promise.all([...Array.from({ length: connections }, client), promoter()]);
    clearInterval(sampler);
    clearInterval(progress);

    const seconds = (Date.now() - started) / 1000;
    const afterWarmup = rss.filter((s) => s.atSec >= warmupSec);
    const first = afterWarmup[0] ?? rss[0];
    const last = rss[rss.length - 1];
    const latency = summarize(latencies.values());
    console.log(
      `\nSoak: ${instances} instances behind HAProxy, ${connections} connections, ${minutes} min, a promotion every ${promoteEverySec} s`
    );
    console.log(
      table([
        ['answers', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'wrong version', 'promotions'],
        [
          fmtInt(latency.count),
          fmtInt(latency.count / seconds),
          fmt(latency.p50),
          fmt(latency.p99),
          String([...errors.values()].reduce((a, b) => a + b, 0)),
          String(wrongVersion),
          String(promotions),
        ],
      ])
    );
    if (errors.size) console.log('errors:', Object.fromEntries(errors));
    console.log(`\nRSS per instance (MiB) after ${warmupSec} s of warm-up, then at the end:`);
    console.log(
      table([
        ['instance', `at ${first?.atSec ?? '-'} s`, `at ${last?.atSec ?? '-'} s`, 'growth'],
        ...cluster.instances.map((instance: { name: string }, i: number) => [
          instance.name,
          fmt(first?.mib[i] ?? NaN, 1),
          fmt(last?.mib[i] ?? NaN, 1),
          fmt((last?.mib[i] ?? NaN) - (first?.mib[i] ?? NaN), 1),
        ]),
      ])
    );
    const file = writeResults('soak', {
      environment: environment(),
      minutes,
      instances,
      connections,
      promoteEverySec,
      latency,
      errors: Object.fromEntries(errors),
      wrongVersion,
      promotions,
      rss,
    });
    console.log(`\nwritten to ${file}`);
  } finally {
    await cluster.stop();
    await dropDatabase(database);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
