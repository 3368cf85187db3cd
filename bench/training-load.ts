/**
 * Predict latency while training runs, against idle. Training runs in a child process, so the
 * serving thread should keep answering single-text predicts at a flat latency.
 *
 * One fresh server: the debates' train and holdout rows imported through the admin's import route,
 * a version trained on the defaults, reviewed and promoted. Then a single-text predict load at N
 * connections: `--idle` seconds with no run, then training runs with heavier parameters (`--params`)
 * one after another, measured in windows of one second; a window counts as "during training" only
 * if the run was `running` when it started and still `running` when it ended. The server is not
 * pinned (its training process may use the second core); this process is pinned to CPU 1.
 *
 *   npm run bench:training-load [-- --connections 4 --idle 8 --runs 2 --params '{"algorithm":"logistic-regression"}']
 */
import { readJsonl } from '../tests/helpers/data';
import { eventually } from '../tests/helpers/eventually';
import { adminApi, firstAdmins, type Admins } from '../tests/helpers/http-admin';
import { log, opt, pinSelf, progressFor, runMain } from './lib/bench';
import { autocannonRun } from './lib/load';
import { fmt, fmtInt, summarize, table } from './lib/stats';
import { API, checkBuild, freshDbFile, predictPath, startStrapi } from './lib/strapi';

const CONNECTIONS = opt.num('connections', 4);
const IDLE_S = opt.num('idle', 8);
const RUNS = opt.num('runs', 2);
const PARAMS = JSON.parse(
  opt.str(
    'params',
    '{"algorithm":"logistic-regression","ngramRange":[1,3],"minDf":1,"maxIterations":2000}'
  )
);
const SLUG = 'bench-training-load';
const progress = progressFor('training-load');

/** Queues a training run with `params`; its status as the API token reads it. */
async function queueRun(url: string, { token }: Admins, params: object) {
  const queued = `${API}/models/${SLUG}/training-runs`;
  const { data } = await adminApi.expectOk(url, 'POST', queued, {
    headers: token,
    body: { data: params },
  });
  const path = `${API}/training-runs/${data.documentId}`;
  return async () => (await adminApi.expectOk(url, 'GET', path, { headers: token })).data;
}

runMain('training-load', async () => {
  pinSelf(1);
  checkBuild();
  const holdout = readJsonl<{ text: string; label: string }>('partisan/holdout.jsonl');
  const server = await startStrapi({ dbFile: freshDbFile('training-load') });
  const admins = await firstAdmins(server.url);
  const { owner, reviewer, token } = admins;
  const model = { name: SLUG, slug: SLUG, labels: ['blue', 'red'], evaluationDataset: 'holdout' };
  const asOwner = (path: string, data: object) =>
    adminApi.expectOk(server.url, 'POST', path, { headers: owner.headers, body: { data } });
  await asOwner('/model-manager/models', model);
  for (const [dataset, file] of Object.entries({ 'debates-train': 'train', holdout: 'holdout' })) {
    const rows = readJsonl<{ text: string; label: string }>(`partisan/${file}.jsonl`);
    progress(`importing ${rows.length} rows into ${dataset}`);
    // the import route takes 200 rows at a time
    for (let start = 0; start < rows.length; start += 200) {
      const chunk = rows.slice(start, start + 200);
      const lines = chunk.map(({ text, label }, i) => ({ line: start + i + 1, text, label }));
      await asOwner(`/model-manager/models/${SLUG}/feedback/import`, { dataset, rows: lines });
    }
  }
  progress('training the first version on the defaults');
  const firstRun = await queueRun(server.url, admins, {});
  const ended = async () => {
    const run = await firstRun();
    return ['queued', 'running'].includes(run.status) ? null : run;
  };
  const first = await eventually(ended, { timeoutMs: 3_600_000, intervalMs: 100 });
  if (first.status !== 'succeeded') throw new Error(`the first run ended ${first.status}`);
  const n = Number(typeof first.version === 'number' ? first.version : first.version?.number);
  await adminApi.review(server.url, reviewer, SLUG, n);
  await adminApi.promote(server.url, owner, SLUG, n);

  const bodies = holdout.map((h) => JSON.stringify({ text: h.text }));
  const url = server.url + predictPath(SLUG);
  const load = (durationS: number) =>
    autocannonRun({ url, connections: CONNECTIONS, durationS, headers: token, bodies });
  await load(2);
  progress(`idle: ${IDLE_S} s at ${CONNECTIONS} connections`);
  const idle = await load(IDLE_S);
  const during: number[] = [];
  let [seconds, non2xx] = [0, idle.non2xx];
  for (let run = 1; run <= RUNS; run += 1) {
    const status = await queueRun(server.url, admins, PARAMS);
    await eventually(async () => (await status()).status !== 'queued', { timeoutMs: 600_000 });
    progress(`run ${run} of ${RUNS}: measuring while it runs`);
    for (;;) {
      const window = await load(1);
      if ((await status()).status !== 'running') break;
      during.push(...window.latencies);
      seconds += window.durationS;
      non2xx += window.non2xx;
    }
  }
  await server.stop();

  const row = (name: string, latencies: number[], durationS: number) => {
    const l = summarize(latencies);
    const rate = fmtInt(l.count / durationS);
    return [name, fmtInt(l.count), fmt(durationS, 1), rate, fmt(l.p50), fmt(l.p99), fmt(l.max)];
  };
  log(
    `\n# Single-text predict at ${CONNECTIONS} connections, idle and during training (${JSON.stringify(PARAMS)})`
  );
  log(
    table([
      ['window', 'answers', 's', 'req/s', 'p50 ms', 'p99 ms', 'max ms'],
      row('idle', idle.latencies, idle.durationS),
      row(`during ${RUNS} training runs`, during, seconds),
    ])
  );
  if (non2xx) log(`non-2xx answers: ${non2xx}`);
});
