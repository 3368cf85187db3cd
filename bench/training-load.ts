/**
 * Predict latency while training runs, against idle. Training runs in a worker thread, so the
 * serving thread should keep answering single-text predicts at a flat latency.
 *
 * One fresh server: the debates' train and holdout rows imported through the admin's import route,
 * a version trained on the defaults, reviewed and promoted. Then a single-text predict load at N
 * connections: `--idle` seconds with no run, then training runs with heavier parameters (`--params`)
 * one after another, measured in windows of one second; a window counts as "during training" only
 * if the run was `running` when it started and still `running` when it ended. The server is not
 * pinned (its training thread may use the second core); this process is pinned to CPU 1.
 *
 *   npm run bench:training-load [-- --connections 4 --idle 8 --runs 2 --params '{"algorithm":"logistic-regression"}']
 */
import { log, runMain } from './lib/bench';
import { numOpt, strOpt } from './lib/cli';
import { readJsonl, type LabelledRow } from './lib/data';
import { autocannonRun } from './lib/load';
import { installExitHandlers, pinSelf, sleep } from './lib/procs';
import { writeResults } from './lib/results';
import { Samples, fmt, fmtInt, summarize, table } from './lib/stats';
import {
  API,
  bearer,
  bootstrapCredentials,
  call,
  checkBuild,
  createModel,
  freshDbFile,
  predictPath,
  removeDb,
  reviewAndPromote,
  startStrapi,
  type Credentials,
} from './lib/strapi';

const CONNECTIONS = numOpt('connections', 'BENCH_CONNECTIONS', 4);
const IDLE_S = numOpt('idle', 'BENCH_IDLE', 8);
const RUNS = numOpt('runs', 'BENCH_RUNS', 2);
const PARAMS: Record<string, unknown> = JSON.parse(
  strOpt(
    'params',
    'BENCH_TRAIN_PARAMS',
    '{"algorithm":"logistic-regression","ngramRange":[1,3],"minDf":1,"maxIterations":2000}'
  )
);
const SLUG = 'bench-training-load';
const progress = (msg: string) => console.error(`[training-load] ${msg}`);

/** The rows of one dataset through the admin's import route, 200 (its limit) at a time. */
async function importRows(base: string, adminJwt: string, dataset: string, rows: LabelledRow[]) {
  for (let start = 0; start < rows.length; start += 200) {
    const chunk = rows.slice(start, start + 200).map((r, i) => ({
      line: start + i + 1,
      text: r.text,
      label: r.label,
    }));
    await call(base, 'POST', `/model-manager/models/${SLUG}/feedback/import`, {
      bearer: adminJwt,
      json: { data: { dataset, rows: chunk } },
    });
  }
}

async function queueRun(base: string, creds: Credentials, params: unknown): Promise<string> {
  const r = await call(base, 'POST', `${API}/models/${SLUG}/training-runs`, {
    bearer: creds.apiToken,
    json: { data: params },
    expect: [202],
  });
  return r.body.data.documentId;
}

async function runStatus(base: string, creds: Credentials, id: string) {
  const r = await call(base, 'GET', `${API}/training-runs/${id}`, { bearer: creds.apiToken });
  return r.body.data as { status: string; version?: number | { number: number } };
}

/** Polls until the run leaves `queued` (or, with `untilDone`, until it ends). */
async function waitFor(base: string, creds: Credentials, id: string, untilDone: boolean) {
  for (;;) {
    const s = await runStatus(base, creds, id);
    if (untilDone ? !['queued', 'running'].includes(s.status) : s.status !== 'queued') return s;
    await sleep(100);
  }
}

async function main() {
  installExitHandlers();
  pinSelf(1);
  const warning = checkBuild();
  if (warning) log(warning);
  const train = readJsonl('partisan/train.jsonl');
  const holdout = readJsonl('partisan/holdout.jsonl');
  const bodies = holdout.map((h) => JSON.stringify({ text: h.text }));

  const server = await startStrapi({ dbFile: freshDbFile('training-load') });
  const creds = await bootstrapCredentials(server.base);
  await createModel(server.base, creds, SLUG, SLUG, { evaluationDataset: 'holdout' });
  progress(`importing ${train.length} + ${holdout.length} rows`);
  await importRows(server.base, creds.adminJwt, 'debates-train', train);
  await importRows(server.base, creds.adminJwt, 'holdout', holdout);
  progress('training the first version on the defaults');
  const first = await waitFor(server.base, creds, await queueRun(server.base, creds, {}), true);
  if (first.status !== 'succeeded') throw new Error(`the first run ended ${first.status}`);
  const n = typeof first.version === 'number' ? first.version : first.version?.number;
  await reviewAndPromote(server.base, creds, SLUG, Number(n));

  const load = (durationS: number, into: Samples) =>
    autocannonRun({
      url: server.base + predictPath(SLUG),
      connections: CONNECTIONS,
      durationS,
      headers: bearer(creds.apiToken),
      bodies,
      into,
    });
  await load(2, new Samples());
  progress(`idle: ${IDLE_S} s at ${CONNECTIONS} connections`);
  const idle = new Samples();
  const idleRun = await load(IDLE_S, idle);

  const during = new Samples();
  let seconds = 0;
  let non2xx = idleRun.non2xx;
  for (let run = 1; run <= RUNS; run += 1) {
    const id = await queueRun(server.base, creds, PARAMS);
    await waitFor(server.base, creds, id, false);
    progress(`run ${run} of ${RUNS}: measuring while it runs`);
    for (;;) {
      const window = new Samples();
      const r = await load(1, window);
      if ((await runStatus(server.base, creds, id)).status !== 'running') break;
      for (const x of window.values()) during.push(x);
      seconds += r.durationS;
      non2xx += r.non2xx;
    }
  }
  await server.stop();
  removeDb(server.dbFile);

  const row = (name: string, s: Samples, durationS: number) => {
    const l = summarize(s.values());
    return [
      name,
      fmtInt(s.length),
      fmt(durationS, 1),
      fmtInt(s.length / durationS),
      fmt(l.p50),
      fmt(l.p99),
      fmt(l.max),
    ];
  };
  log(
    `\n# Single-text predict at ${CONNECTIONS} connections, idle and during training (${JSON.stringify(PARAMS)})`
  );
  log(
    table([
      ['window', 'answers', 's', 'req/s', 'p50 ms', 'p99 ms', 'max ms'],
      row('idle', idle, idleRun.durationS),
      row(`during ${RUNS} training runs`, during, seconds),
    ])
  );
  if (non2xx) log(`non-2xx answers: ${non2xx}`);
  const file = writeResults('training-load', {
    connections: CONNECTIONS,
    params: PARAMS,
    idle: summarize(idle.values()),
    during: summarize(during.values()),
    duringSeconds: seconds,
    non2xx,
  });
  log(`\nwritten to ${file}`);
}

runMain('training-load', main);
