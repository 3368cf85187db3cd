/**
 * `npm run bench:cluster [-- --promotions 20 --skip-training]`: the figures of a cluster (the built app,
 * 3 instances on PostgreSQL behind HAProxy, as `npm run cluster` runs it). The scenarios are those of
 * tests/api/cluster.test.ts, which asserts the behaviour; this prints how fast and how many:
 * promotion to every instance, kill -9 under load, kill -9 of a training run's instance, rolling restart.
 */
import { adminApi } from '../tests/helpers/http-admin';
import {
  deployed,
  dropDatabase,
  firstActors,
  killTrainingInstance,
  killUnderLoad,
  rollingRestart,
  servedEverywhere,
  startCluster,
} from '../tests/helpers/cluster-client';
import { balanced, readJsonl } from '../tests/helpers/data';
import { eventually } from '../tests/helpers/eventually';
import { textClassifierOnnx } from '../tests/helpers/onnx-fixtures';
import { log, opt, progressFor, runMain } from './lib/bench';
import { checkBuild } from './lib/strapi';
import { fmtInt, percentile } from './lib/stats';

const progress = progressFor('cluster');
const LEASE_MS = opt.num('lease-ms', 6000);
const PROMOTIONS = opt.num('promotions', 20);
const DATABASE = `mm_bench_cluster_${process.pid}`;

runMain('cluster', async () => {
  checkBuild();
  progress(`starting 3 instances on PostgreSQL database ${DATABASE} behind HAProxy`);
  const cluster = await startCluster({
    instances: 3,
    port: 0,
    database: DATABASE,
    fresh: true,
    env: { MODEL_MANAGER_TRAINING_LEASE_MS: String(LEASE_MS) },
  });
  try {
    const actors = await firstActors(cluster);
    const { owner } = actors;
    log(`cluster: 3 instances behind HAProxy, PostgreSQL, 4 clients; lease ${LEASE_MS} ms`);

    progress(`${PROMOTIONS} promotions`);
    const { slug, number: v1 } = await deployed(actors, 1.5);
    const v2 = await adminApi.upload(
      cluster.url,
      owner,
      slug,
      textClassifierOnnx({ strength: 2.5 })
    );
    await adminApi.review(cluster.url, actors.reviewer, slug, v2);
    const delays: number[] = [];
    for (let i = 0; i < PROMOTIONS; i += 1) {
      const next = i % 2 ? v1 : v2;
      await adminApi.promote(cluster.url, owner, slug, next);
      delays.push(...(await servedEverywhere(actors, slug, next))); // from the promote's answer
    }
    const at = (p: number) => fmtInt(percentile(delays, p));
    log(
      `promotions: ${PROMOTIONS} × 3 instances, each served the new version ${at(50)} ms (p50), ${at(99)} ms (p99), ${fmtInt(Math.max(...delays))} ms (max) after the promote answered`
    );

    progress('kill -9 under load');
    const victim = cluster.instances[1];
    const killed = await killUnderLoad(actors, slug, victim);
    log(
      `kill -9 under load: ${killed.answers.length} requests, ${killed.answers.filter((a) => a.status !== 200).length} failed, HAProxy marked it down ${fmtInt(killed.markedDownAt - killed.deadAt)} ms after the kill`
    );
    await victim.start();
    await eventually(() => cluster.isUp(victim), { timeoutMs: 30_000 });

    if (!opt.flag('skip-training')) {
      progress('kill -9 of the instance running a training run');
      const rows = balanced(
        readJsonl<{ text: string; label: string }>('partisan/train.jsonl'),
        800
      );
      const t = await killTrainingInstance(actors, rows, LEASE_MS * 10);
      log(
        `kill -9 of a training run's instance: run ${t.run.status} ${fmtInt(t.settledAfterMs)} ms after the kill (lease ${LEASE_MS} ms), ${t.versions.length} versions made`
      );
      await t.victim.start();
      await eventually(() => cluster.isUp(t.victim), { timeoutMs: 30_000 });
    }

    progress('rolling restart');
    const answers = await rollingRestart(actors, slug);
    log(
      `rolling restart of all 3: ${answers.length} requests through the balancer, ${answers.filter((a) => a.status !== 200).length} failed`
    );
  } finally {
    await cluster.stop();
    await dropDatabase(DATABASE);
  }
});
