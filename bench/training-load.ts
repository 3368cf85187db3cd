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
import { readJsonl } from '../tests/helpers/data';
import { adminApi, firstAdmins, type Admins } from '../tests/helpers/http-admin';
import { log, opt, pinSelf, progressFor, runMain, writeResults } from './lib/bench';
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

/** A training run queued with `params`, and its status as the API token reads it. */
function trainingRun(url: string, { token }: Admins) {
  let id = '';
  const status = async () =>
    (await adminApi.expectOk(url, 'GET', `${API}/training-runs/${id}`, { headers: token })).data;
  /** Polls until the run leaves `queued` (or, with `untilDone`, until it ends). */
  const waitFor = async (untilDone: boolean) => {
    for (;;) {
      const s = await status();
      if (untilDone ? !['queued', 'running'].includes(s.status) : s.status !== 'queued') return s;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return {
    async queue(params: object) {
      const path = `${API}/models/${SLUG}/training-runs`;
      id = (await adminApi.expectOk(url, 'POST', path, { headers: token, body: { data: params } }))
        .data.documentId;
    },
    status,
    waitFor,
  };
}

runMain('training-load', async () => {
  pinSelf(1);
  checkBuild();
  const holdout = readJsonl<{ text: string; label: string }>('partisan/holdout.jsonl');
  const server = await startStrapi({ dbFile: freshDbFile('training-load') });
  const admins = await firstAdmins(server.url);
  const { owner, reviewer, token } = admins;
  const body = {
    data: { name: SLUG, slug: SLUG, labels: ['blue', 'red'], evaluationDataset: 'holdout' },
  };
  await adminApi.expectOk(server.url, 'POST', '/model-manager/models', {
    headers: owner.headers,
    body,
  });
  for (const [dataset, file] of [
    ['debates-train', 'train'],
    ['holdout', 'holdout'],
  ]) {
    const rows = readJsonl<{ text: string; label: string }>(`partisan/${file}.jsonl`);
    progress(`importing ${rows.length} rows into ${dataset}`);
    for (let start = 0; start < rows.length; start += 200) {
      // the import route takes 200 rows at a time
      const chunk = rows.slice(start, start + 200).map((r, i) => ({ ...r, line: start + i + 1 }));
      await adminApi.expectOk(server.url, 'POST', `/model-manager/models/${SLUG}/feedback/import`, {
        headers: owner.headers,
        body: {
          data: { dataset, rows: chunk.map(({ line, text, label }) => ({ line, text, label })) },
        },
      });
    }
  }
  progress('training the first version on the defaults');
  const firstRun = trainingRun(server.url, admins);
  await firstRun.queue({});
  const first = await firstRun.waitFor(true);
  if (first.status !== 'succeeded') throw new Error(`the first run ended ${first.status}`);
  const n = Number(typeof first.version === 'number' ? first.version : first.version?.number);
  await adminApi.review(server.url, reviewer, SLUG, n);
  await adminApi.promote(server.url, owner, SLUG, n);

  const bodies = holdout.map((h) => JSON.stringify({ text: h.text }));
  const load = (durationS: number) =>
    autocannonRun({
      url: server.url + predictPath(SLUG),
      connections: CONNECTIONS,
      durationS,
      headers: token,
      bodies,
    });
  await load(2);
  progress(`idle: ${IDLE_S} s at ${CONNECTIONS} connections`);
  const idle = await load(IDLE_S);
  const during: number[] = [];
  let [seconds, non2xx] = [0, idle.non2xx];
  for (let run = 1; run <= RUNS; run += 1) {
    const training = trainingRun(server.url, admins);
    await training.queue(PARAMS);
    await training.waitFor(false);
    progress(`run ${run} of ${RUNS}: measuring while it runs`);
    for (;;) {
      const window = await load(1);
      if ((await training.status()).status !== 'running') break;
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
  const results = {
    CONNECTIONS,
    PARAMS,
    idle: idle.latency,
    during: summarize(during),
    seconds,
    non2xx,
  };
  log(`\nwritten to ${writeResults('training-load', results)}`);
});
