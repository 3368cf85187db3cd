import { balanced, readJsonl } from '../helpers/data';
import { adminApi } from '../helpers/http-admin';
import {
  deployed,
  predictAt,
  dropDatabase,
  firstActors,
  killTrainingInstance,
  killUnderLoad,
  rollingRestart,
  servedEverywhere,
  startCluster,
  type ClusterActors,
} from '../helpers/cluster-client';
import { eventually } from '../helpers/eventually';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';

// Three real `strapi start` processes on one PostgreSQL database behind a real HAProxy: what
// `npm run cluster` runs. PostgreSQL only: SQLite is one process's embedded database. Each test
// decides on what the cluster did, never on how fast: the timings are `npm run bench:cluster`'s.
const onPostgres = process.env.DATABASE_CLIENT === 'postgres';
const LEASE_MS = 6000;

(onPostgres ? describe : describe.skip)(
  'cluster: three instances behind HAProxy on one PostgreSQL',
  () => {
    const actors = {} as ClusterActors;

    const database = `mm_cluster_${process.env.MM_TEST_RUN || 'dev'}`;
    beforeAll(async () => {
      // A short training lease, so a run whose instance died is recovered within the test's patience.
      const cluster = await startCluster({
        instances: 3,
        port: 0,
        database,
        fresh: true,
        env: { MODEL_MANAGER_TRAINING_LEASE_MS: String(LEASE_MS) },
      });
      Object.assign(actors, await firstActors(cluster));
    }, 300_000);
    afterAll(async () => {
      await actors.cluster?.stop();
      await dropDatabase(database);
    });

    it('spreads requests over every instance', async () => {
      const { cluster, token } = actors;
      const { slug } = await deployed(actors, 1);
      const answers = await Promise.all(
        Array.from({ length: 12 }, () => predictAt(cluster.url, token, slug))
      );
      expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
      expect(new Set(answers.map((a) => a.servedBy))).toEqual(
        new Set(['strapi-1', 'strapi-2', 'strapi-3'])
      );
    });

    it('promotions back and forth through the balancer are each served by every instance, each asked directly', async () => {
      const { cluster, owner, reviewer } = actors;
      const { slug, number: v1 } = await deployed(actors, 1.5);
      const v2 = await adminApi.upload(
        cluster.url,
        owner,
        slug,
        textClassifierOnnx({ strength: 2.5 })
      );
      await adminApi.review(cluster.url, reviewer, slug, v2);

      for (let i = 0; i < 6; i += 1) {
        const next = i % 2 ? v1 : v2; // an editor may promote again a version that served
        await adminApi.promote(cluster.url, owner, slug, next);
        // Each instance, asked directly, comes to answer with it (or this times out and fails).
        expect(await servedEverywhere(actors, slug, next)).toHaveLength(3);
      }
    }, 300_000);

    it('a training run queued through the balancer is executed by exactly one instance, once', async () => {
      const { cluster, owner } = actors;
      const slug = await adminApi.createModel(cluster.url, owner);
      const texts = [
        'build the wall',
        'secure the border',
        'cut taxes now',
        'health care for all',
        'climate action now',
        'raise the minimum wage',
      ];
      for (let i = 0; i < 24; i += 1) {
        const text = `${texts[i % texts.length]} ${i}`;
        await adminApi.expectOk(cluster.url, 'POST', `/model-manager/models/${slug}/feedback`, {
          headers: owner.headers,
          body: { data: { text, label: i % texts.length < 3 ? 'red' : 'blue' } },
        });
      }

      const queued = await adminApi.expectOk(
        cluster.url,
        'POST',
        `/model-manager/models/${slug}/training-runs`,
        { headers: owner.headers, body: { data: {} } }
      );
      const run = await eventually(
        async () => {
          const { data } = await adminApi.expectOk(
            cluster.url,
            'GET',
            `/model-manager/training-runs/${queued.data.documentId}`,
            { headers: owner.headers }
          );
          return ['succeeded', 'failed'].includes(data.status) ? data : null;
        },
        { timeoutMs: 120_000, intervalMs: 250 }
      );
      const versions = (
        await adminApi.expectOk(cluster.url, 'GET', `/model-manager/models/${slug}/versions`, {
          headers: owner.headers,
        })
      ).data as Array<{ source: string }>;

      expect(run.status).toBe('succeeded');
      expect(versions.filter((v) => v.source === 'training')).toHaveLength(1);
    });

    it('when an instance is killed (-9) under load, the balancer routes around it: only requests it held may fail', async () => {
      const { slug } = await deployed(actors, 1.75);
      const victim = actors.cluster.instances[1];

      const { answers, deadAt, markedDownAt } = await killUnderLoad(actors, slug, victim);

      // In flight on the victim when it died: at most one per client (4), and none sent after it
      // died (a refused connection is retried on another instance); once HAProxy marked it down,
      // every answer is a 200 from another instance.
      const failed = answers.filter((a) => a.status !== 200);
      expect(failed.length).toBeLessThanOrEqual(4);
      expect(failed.filter((a) => a.startedAt > deadAt)).toEqual([]);
      const afterMarkedDown = answers.filter((a) => a.startedAt > markedDownAt);
      expect(afterMarkedDown.filter((a) => a.status !== 200 || a.servedBy === victim.name)).toEqual(
        []
      );

      await victim.start();
      await eventually(() => actors.cluster.isUp(victim), { timeoutMs: 30_000 });
    }, 300_000);

    it('when an instance is killed (-9) with a promotion and an upload in flight on it, nothing is half-applied', async () => {
      const { cluster, owner, reviewer } = actors;
      const { slug, number: v1 } = await deployed(actors, 1.9);
      const v2 = await adminApi.upload(
        cluster.url,
        owner,
        slug,
        textClassifierOnnx({ strength: 2.9 })
      );
      await adminApi.review(cluster.url, reviewer, slug, v2);
      const victim = cluster.instances[2];

      // Both go straight to the victim, which is killed as soon as they are sent.
      const form = new FormData();
      form.append(
        'file',
        new Blob([new Uint8Array(textClassifierOnnx({ strength: 3.9 }))]),
        'model.onnx'
      );
      const inFlight = [
        adminApi.call(victim.url, 'POST', `/model-manager/models/${slug}/versions/${v2}/promote`, {
          headers: owner.headers,
          body: { data: {} },
        }),
        adminApi.call(victim.url, 'POST', `/model-manager/models/${slug}/versions`, {
          headers: owner.headers,
          form,
        }),
      ].map((request) =>
        request.then(
          (res) => res.status,
          () => 0
        )
      );
      await victim.stop('SIGKILL');
      const statuses = await Promise.all(inFlight);

      // Judged through the instances still alive.
      const read = async (path: string) =>
        (
          await adminApi.expectOk(cluster.url, 'GET', `/model-manager${path}`, {
            headers: owner.headers,
          })
        ).data;
      const versions = (await read(`/models/${slug}/versions`)) as Array<{
        number: number;
        status: string;
      }>;
      const champions = versions.filter((v) => v.status === 'production').map((v) => v.number);
      const served = (await read(`/models/${slug}/served-at`)) as {
        champion: { version: number } | null;
      };
      const audit = (await read(`/models/${slug}/audit`)) as Array<{
        versionNumber: number;
        action: string;
      }>;
      const pinned = await Promise.all(
        versions.map(
          async (v) =>
            (
              await adminApi.call(cluster.url, 'POST', `/model-manager/models/${slug}/predict`, {
                headers: owner.headers,
                body: { text: 'the wall', version: v.number },
              })
            ).status
        )
      );
      // Each request was answered before the kill or lost with the connection (0), never half-done.
      expect(statuses.every((status) => status === 0 || (status >= 200 && status < 300))).toBe(
        true
      );
      expect(champions).toHaveLength(1);
      expect([v1, v2]).toContain(champions[0]);
      expect(served.champion?.version).toBe(champions[0]);
      expect(audit.some((e) => e.action === 'promote' && e.versionNumber === v2)).toBe(
        champions[0] === v2
      );
      expect(pinned.every((status) => status === 200)).toBe(true); // every version stored has its artifact
      expect(versions.length === 2 || versions.length === 3).toBe(true);

      await victim.start();
      await eventually(() => cluster.isUp(victim), { timeoutMs: 30_000 });
    }, 300_000);

    it('when the instance running a training run is killed (-9), the run is failed within the lease, never left running, and no version appears', async () => {
      // Enough of the debates that training lasts well past the moment it is seen running.
      const rows = balanced(
        readJsonl<{ text: string; label: string }>('partisan/train.jsonl'),
        800
      ).map(({ text, label }) => ({ text, label }));

      const { run, versions, victim } = await killTrainingInstance(actors, rows, LEASE_MS * 10);

      expect(run.status).toBe('failed');
      expect(run.error).toMatch(/lease expired/);
      expect(versions).toEqual([]);

      await victim.start();
      await eventually(() => actors.cluster.isUp(victim), { timeoutMs: 30_000 });
    }, 600_000);

    it('a rolling restart of every instance under load fails no request at the balancer', async () => {
      const { slug, number } = await deployed(actors, 2.25);

      const answers = await rollingRestart(actors, slug);

      expect(answers.filter((a) => a.status !== 200)).toEqual([]);
      expect(new Set(answers.map((a) => a.version))).toEqual(new Set([number]));
    }, 600_000);
  }
);
