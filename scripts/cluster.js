#!/usr/bin/env node
'use strict';
// `npm run cluster [-- --instances 3 --port 8000 --database model_manager_cluster --fresh]`:
// N instances of the built app on PostgreSQL (127.0.0.1:5432 unless DATABASE_HOST/PORT say
// otherwise) behind HAProxy on loopback. Ctrl-C stops everything.
const { parseArgs } = require('util');
const { buildIfStale } = require('./build-if-stale');
const { startCluster } = require('./cluster/cluster');

const { values } = parseArgs({
  options: {
    instances: { type: 'string', default: '3' },
    port: { type: 'string', default: '8000' },
    database: { type: 'string', default: 'model_manager_cluster' },
    fresh: { type: 'boolean', default: false },
  },
});

async function main() {
  const instances = Number(values.instances);
  if (!Number.isInteger(instances) || instances < 1)
    throw new Error('--instances must be a whole number of at least 1');
  buildIfStale('cluster');
  console.log(
    `[cluster] starting ${instances} instances on PostgreSQL database "${values.database}"...`
  );
  const cluster = await startCluster({
    instances,
    port: Number(values.port),
    database: values.database,
    fresh: values.fresh,
  });
  console.log(`[cluster] balancer (HAProxy): ${cluster.url}  (admin: ${cluster.url}/admin)`);
  for (const instance of cluster.instances)
    console.log(`[cluster]   ${instance.name}: ${instance.url} (pid ${instance.pid})`);
  console.log(`[cluster] logs and HAProxy config: ${cluster.logDir}. Ctrl-C stops everything.`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('[cluster] stopping...');
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(`[cluster] ${error.message}`);
  process.exit(1);
});
