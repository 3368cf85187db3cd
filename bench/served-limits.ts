/**
 * What the served-inference limits cost and bound (issue 24, item 1), on the compiled pool
 * (dist/), in capped child processes as the runtime uses them for graphs not bounded by their input:
 *   1. a Loop whose trip count is a word count, under a deadline: how long until the caller has its
 *      error, and until the same artifact answers an ordinary text again (respawn + reload);
 *   2. an allocation sized by the data (ConstantOfShape, 1.6 GB for one text) in a process capped
 *      below it: what the caller gets, how long it takes, and whether this process's memory moved.
 * onnxruntime itself does not start under a cap much below 1536 MB (its arenas reserve address space).
 *
 *   npm run bench:served-limits [-- --deadline-ms 1000 --memory-mb 1536 --rounds 3]
 * Needs a build (`node_modules/.bin/strapi build`).
 */
import path from 'node:path';
import { ROOT } from '../harness/app-process';
import { log, opt, runMain } from './lib/bench';
import { checkBuild } from './lib/strapi';
import { hostileOnnx } from '../tests/helpers/onnx-fixtures';

type PoolModule =
  typeof import('../src/plugins/model-manager/server/src/serving-engine/pool/inference-pool');
const POOL = path.join(
  ROOT,
  'dist/src/plugins/model-manager/server/src/serving-engine/pool/inference-pool.js'
);
const OPTIONS = { intraOpNumThreads: 1, interOpNumThreads: 1 };
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function outcome(work: Promise<unknown>): Promise<{ ms: number; error: string }> {
  const start = process.hrtime.bigint();
  try {
    await work;
    return { ms: ms(start), error: 'none (answered)' };
  } catch (error) {
    const e = error as Error & { problem?: string };
    return { ms: ms(start), error: `${e.name}${e.problem ? ` (${e.problem})` : ''}: ${e.message}` };
  }
}

async function main() {
  checkBuild();
  const deadlineMs = opt.num('deadline-ms', 1000);
  const memoryMb = opt.num('memory-mb', 1536);
  const rounds = opt.num('rounds', 3);
  // the pool's threads and processes are unref'd (a server's own handles keep it running): this one does here
  const keepAlive = setInterval(() => undefined, 1000);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { InferencePool } = require(POOL) as PoolModule;

  log(`## Deadline: a Loop of 10^12 trips per "spin", deadline ${deadlineMs} ms, ${rounds} rounds`);
  log(
    '| round | ordinary run, ms | "spin" text: error after, ms | next ordinary run (respawn + reload), ms |'
  );
  log('|---|---|---|---|');
  const pool = InferencePool.ofProcesses(1, () => memoryMb);
  const bytes = hostileOnnx('loop-on-spin');
  for (let round = 1; round <= rounds; round += 1) {
    let model = await pool.load('loop', bytes, OPTIONS);
    const start = process.hrtime.bigint();
    await model.run(['care for all'], 8, deadlineMs);
    const ordinary = ms(start);
    const spun = await outcome(model.run(['spin the wall'], 8, deadlineMs));
    const again = process.hrtime.bigint();
    if (!model.alive) model = await pool.load('loop', bytes, OPTIONS);
    await model.run(['care for all'], 8, deadlineMs);
    log(
      `| ${round} | ${ordinary.toFixed(1)} | ${spun.ms.toFixed(0)} (${spun.error.split(':')[0]}) | ${ms(again).toFixed(0)} |`
    );
  }
  await pool.close();

  log('');
  log(
    `## Memory: ConstantOfShape of [1, 2, 200,000,000] floats (1.6 GB) in a process capped at ${memoryMb} MB`
  );
  const capped = InferencePool.ofProcesses(1, () => memoryMb);
  const rssBefore = process.memoryUsage.rss();
  // loading smoke-tests the session, which already allocates: load and run are one outcome
  const result = await outcome(
    capped
      .load('huge', hostileOnnx('huge-allocation'), OPTIONS)
      .then((huge) => huge.run(['care for all'], 8, 60_000))
  );
  log(`- the caller got, after ${result.ms.toFixed(0)} ms: ${result.error.slice(0, 240)}`);
  log(
    `- this (serving) process's RSS moved by ${((process.memoryUsage.rss() - rssBefore) / 2 ** 20).toFixed(1)} MB`
  );
  await capped.close();
  clearInterval(keepAlive);
}

runMain('served-limits', main);
