/**
 * A client of a cluster started by scripts/cluster/cluster.js (HAProxy in front of N `strapi start`
 * processes on one PostgreSQL database): shared by tests/api/cluster.test.ts, which asserts the
 * behaviour, and bench/cluster.ts, which measures it.
 */
import { Client } from 'pg';
import { adminApi, firstAdmins, type Admins } from './http-admin';
import { eventually } from './eventually';
import { textClassifierOnnx } from './onnx-fixtures';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const clusterScript = require('../../scripts/cluster/cluster');

export interface Instance {
  name: string;
  url: string;
  running: boolean;
  readonly pid: number | null;
  start(): Promise<void>;
  stop(signal?: string): Promise<void>;
}
export interface Cluster {
  url: string;
  database: string;
  instances: Instance[];
  drain(instance: Instance): Promise<void>;
  ready(instance: Instance): Promise<void>;
  isUp(instance: Instance): Promise<boolean>;
  stop(): Promise<void>;
}

export const startCluster: (options: {
  instances?: number;
  port?: number;
  database?: string;
  fresh?: boolean;
  env?: Record<string, string>;
}) => Promise<Cluster> = clusterScript.startCluster;
export const dropDatabase: (name: string) => Promise<void> = clusterScript.dropDatabase;

export interface Answer {
  status: number;
  version?: number;
  servedBy: string | null;
  startedAt: number;
}

/** One predict at `url` (the balancer or an instance); status 0 when the connection was lost. */
export async function predictAt(
  url: string,
  token: { Authorization: string },
  slug: string
): Promise<Answer> {
  const startedAt = Date.now();
  try {
    const res = await fetch(`${url}/api/model-manager/models/${slug}/predict`, {
      method: 'POST',
      headers: { ...token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'the wall' }),
    });
    const body = (await res.json()) as { meta?: { version: number } };
    return {
      status: res.status,
      version: body.meta?.version,
      servedBy: res.headers.get('x-served-by'),
      startedAt,
    };
  } catch {
    return { status: 0, servedBy: null, startedAt };
  }
}

/** `clients` callers predicting through the balancer, one request after another, until `stop`. */
export function keepPredicting(
  url: string,
  token: { Authorization: string },
  slug: string,
  clients = 4
) {
  const answers: Answer[] = [];
  let running = true;
  const loops = Array.from({ length: clients }, async () => {
    while (running) answers.push(await predictAt(url, token, slug));
  });
  return {
    answers,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return answers;
    },
  };
}

export interface ClusterActors extends Admins {
  cluster: Cluster;
}

/** On a fresh cluster: the first admin (who makes a full-access API token) and a second one who reviews. */
export async function firstActors(cluster: Cluster): Promise<ClusterActors> {
  return { cluster, ...(await firstAdmins(cluster.url)) };
}

/** A new model whose version is in production, once every instance serves it. */
export async function deployed(actors: ClusterActors, strength: number) {
  const { cluster, owner, reviewer } = actors;
  const slug = await adminApi.createModel(cluster.url, owner);
  const number = await adminApi.upload(cluster.url, owner, slug, textClassifierOnnx({ strength }));
  await adminApi.review(cluster.url, reviewer, slug, number);
  await adminApi.promote(cluster.url, owner, slug, number);
  await servedEverywhere(actors, slug, number);
  return { slug, number };
}

/** Waits until every instance, asked directly, answers with `number`; resolves with each one's delay from now. */
export function servedEverywhere(
  { cluster, token }: ClusterActors,
  slug: string,
  number: number
): Promise<number[]> {
  const from = Date.now();
  return Promise.all(
    cluster.instances.map(async (instance) => {
      await eventually(
        async () => (await predictAt(instance.url, token, slug)).version === number,
        {
          timeoutMs: 30_000,
          intervalMs: 10,
        }
      );
      return Date.now() - from;
    })
  );
}

/** Kills `victim` (-9) under load and waits until HAProxy marks it down and `after` requests followed. */
export async function killUnderLoad(
  actors: ClusterActors,
  slug: string,
  victim: Instance,
  after = 40
) {
  const { cluster, token } = actors;
  const traffic = keepPredicting(cluster.url, token, slug);
  let deadAt = 0;
  let markedDownAt = 0;
  try {
    await eventually(
      async () => traffic.answers.filter((a) => a.servedBy === victim.name).length >= 5,
      { timeoutMs: 30_000 }
    );
    await victim.stop('SIGKILL');
    deadAt = Date.now();
    await eventually(async () => !(await cluster.isUp(victim)), { timeoutMs: 30_000 });
    markedDownAt = Date.now();
    await eventually(
      async () => traffic.answers.filter((a) => a.startedAt > markedDownAt).length >= after,
      { timeoutMs: 60_000 }
    );
  } finally {
    await traffic.stop();
  }
  return { answers: traffic.answers, deadAt, markedDownAt };
}

/** Drains, restarts and readmits every instance in turn while clients predict through the balancer. */
export async function rollingRestart(actors: ClusterActors, slug: string, atLeast = 100) {
  const { cluster, token } = actors;
  const traffic = keepPredicting(cluster.url, token, slug);
  try {
    for (const instance of cluster.instances) {
      await cluster.drain(instance);
      await instance.stop('SIGTERM');
      await instance.start();
      await cluster.ready(instance);
      await eventually(() => cluster.isUp(instance), { timeoutMs: 30_000 });
    }
    await eventually(async () => traffic.answers.length >= atLeast, { timeoutMs: 60_000 });
  } finally {
    await traffic.stop();
  }
  return traffic.answers;
}

/**
 * Queues a slow training run on a new model fed `rows`, kills (-9) the instance that claims it, and
 * waits until the run leaves "queued"/"running". Resolves with the run, the versions of the model
 * and how long after the kill the run was settled.
 */
export async function killTrainingInstance(
  actors: ClusterActors,
  rows: Array<{ text: string; label: string }>,
  patienceMs: number
) {
  const { cluster, owner } = actors;
  const slug = await adminApi.createModel(cluster.url, owner);
  // A label sent again by the same person replaces their first (feedback is idempotent), so a
  // request whose keep-alive connection the balancer closed as it was reused is simply sent again.
  const post = (row: { text: string; label: string }) =>
    eventually(
      () =>
        adminApi.expectOk(cluster.url, 'POST', `/model-manager/models/${slug}/feedback`, {
          headers: owner.headers,
          body: { data: row },
        }),
      { timeoutMs: 60_000, intervalMs: 200 }
    );
  for (let i = 0; i < rows.length; i += 20) await Promise.all(rows.slice(i, i + 20).map(post));
  // Slow on purpose: trigrams, every n-gram kept, weak regularisation, many L-BFGS iterations.
  const parameters = {
    algorithm: 'logistic-regression',
    ngramRange: [1, 3],
    minDf: 1,
    C: 10_000,
    maxIterations: 10_000,
  };
  const queued = await adminApi.expectOk(
    cluster.url,
    'POST',
    `/model-manager/models/${slug}/training-runs`,
    { headers: owner.headers, body: { data: parameters } }
  );
  const runId: string = queued.data.documentId;
  const claimedBy = await eventually(() => runClaim(cluster.database, runId), {
    timeoutMs: 60_000,
    intervalMs: 50,
  });
  const victim = cluster.instances.find((i) => claimedBy.split(':')[1] === String(i.pid))!;
  await victim.stop('SIGKILL');
  const killedAt = Date.now();
  const run = await eventually(
    async () => {
      const { data } = await adminApi.expectOk(
        cluster.url,
        'GET',
        `/model-manager/training-runs/${runId}`,
        { headers: owner.headers }
      );
      return data.status === 'running' || data.status === 'queued' ? null : data;
    },
    { timeoutMs: patienceMs, intervalMs: 250 }
  );
  const settledAfterMs = Date.now() - killedAt;
  const versions = (
    await adminApi.expectOk(cluster.url, 'GET', `/model-manager/models/${slug}/versions`, {
      headers: owner.headers,
    })
  ).data as unknown[];
  return { run, versions, victim, settledAfterMs };
}

/** The instance id holding a run once it runs ("host:pid:random"), read where the lease lives. */
export async function runClaim(database: string, documentId: string): Promise<string | null> {
  const client = new Client({
    host: process.env.DATABASE_HOST || '127.0.0.1',
    port: Number(process.env.DATABASE_PORT || 5432),
    user: process.env.DATABASE_USERNAME || 'postgres',
    database,
  });
  await client.connect();
  try {
    const { rows } = await client.query(
      "select claimed_by from mm_training_runs where document_id = $1 and status = 'running'",
      [documentId]
    );
    return rows[0]?.claimed_by ?? null;
  } finally {
    await client.end();
  }
}
