/**
 * Predict latency while training runs are in progress vs idle: training runs execute in a worker
 * thread, so the server's event loop should keep serving single-text predicts at a flat latency.
 *
 * Setup (one fresh SQLite file): start Strapi, create the first admin + a full-access API token and
 * a model (labels blue/red, evaluation dataset "holdout"), stop it; import partisan/train.jsonl
 * (dataset "debates-train") and partisan/holdout.jsonl (dataset "holdout") with the compiled
 * import-dataset script while no server is running (SQLite: one writer); start Strapi again on the
 * same file; deploy a serving version by training (default parameters), submit + approve (admin:
 * four-eyes, the run was queued by the API token) and promote (API token).
 * Then a closed-loop predict load (holdout texts in turn, N keep-alive connections):
 *   idle:           no training run, warm-up then --idle seconds;
 *   training:       runs queued back to back with heavier parameters (--params), the run status
 *                   polled every --poll-ms; a request counts as "during training" only if a run was
 *                   certainly running both when it was sent and when its response completed;
 *   idle (after):   --idle-after seconds without training, as a drift check.
 * The same status poller (a GET of a run every --poll-ms) runs in the idle windows too, so the
 * server sees the same background requests in every window.
 *
 * CPU allotment: the server is NOT pinned (its main thread, the training worker thread and
 * onnxruntime may use every CPU); this process (load generator) is pinned to --bench-cpu (default 1;
 * "none" leaves it unpinned).
 *
 *   npm run bench:training-load [-- --connections 4 --idle 8 --warmup 2 --idle-after 5 --train-seconds 30
 *       --max-runs 6 --poll-ms 100 --params '{"algorithm":"logistic-regression","ngramRange":[1,3],"minDf":1,"maxIterations":2000}'
 *       --bench-cpu 1 --wait-quiet [seconds] --disturbed-limit 0.3]
 * Env equivalents: BENCH_CONNECTIONS, BENCH_IDLE, BENCH_WARMUP, BENCH_IDLE_AFTER, BENCH_TRAIN_SECONDS, BENCH_MAX_RUNS,
 * BENCH_POLL_MS, BENCH_TRAIN_PARAMS, BENCH_CPU, BENCH_WAIT_QUIET, BENCH_DISTURBED_LIMIT.
 * Needs a build (`node_modules/.bin/strapi build`); JSON: bench/results/predict-during-training.json.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { numOpt, strOpt } from './lib/cli';
import { CpuMeter, describeCpu, pct, waitForQuiet, type CpuWindow } from './lib/cpu';
import { dataDir, readJsonl } from './lib/data';
import { cpusAllowed, installExitHandlers, pinSelf, sleep, spawnTracked, tasksetAvailable } from './lib/procs';
import { environment, writeResults } from './lib/results';
import { fmt, fmtInt, median, summarize, table, type LatencySummary } from './lib/stats';
import { REPO_ROOT, adminLogin, bootstrapCredentials, call, checkBuild, freshDbFile, removeDb, startStrapi, type StrapiServer } from './lib/strapi';

const CONNECTIONS = numOpt('connections', 'BENCH_CONNECTIONS', 4);
const IDLE_S = numOpt('idle', 'BENCH_IDLE', 8);
const WARMUP_S = numOpt('warmup', 'BENCH_WARMUP', 2);
const IDLE_AFTER_S = numOpt('idle-after', 'BENCH_IDLE_AFTER', 5);
/** Stop queueing runs once the runs so far (finished + the current one, estimated) cover this many seconds of `running`. */
const TRAIN_S = numOpt('train-seconds', 'BENCH_TRAIN_SECONDS', 30);
const MAX_RUNS = numOpt('max-runs', 'BENCH_MAX_RUNS', 6);
/** Hard cap on the training window: queued runs are not waited for beyond it. */
const TRAIN_WALL_S = numOpt('train-wall', 'BENCH_TRAIN_WALL', 90);
const POLL_MS = numOpt('poll-ms', 'BENCH_POLL_MS', 100);
const DISTURBED = numOpt('disturbed-limit', 'BENCH_DISTURBED_LIMIT', 0.3);
const BENCH_CPU_OPT = strOpt('bench-cpu', 'BENCH_CPU', '1');
const TRAIN_PARAMS: Record<string, unknown> = JSON.parse(
  strOpt('params', 'BENCH_TRAIN_PARAMS', JSON.stringify({ algorithm: 'logistic-regression', ngramRange: [1, 3], minDf: 1, maxIterations: 2000 }))
);
const SLUG = 'bench-training-load';
const TRAIN_DATASET = 'debates-train';
const EVAL_DATASET = 'holdout';
const API = '/api/model-manager';

const log = (msg: string) => console.log(msg);
const progress = (msg: string) => console.error(`[training-load] ${msg}`);
/** Wall-clock ms (server timestamps) -> this process's performance.now() clock. */
const wallToPerf = (iso: string | null | undefined) => (iso ? Date.parse(iso) - performance.timeOrigin : NaN);

// ---------------------------------------------------------------------------------------------
// load: a closed loop over keep-alive node:http for a duration, every request's send/complete time

interface LoadTrace {
  /** performance.now() when each request was sent / its response fully arrived (NaN: failed). */
  sent: number[];
  done: number[];
  status: number[];
  firstError?: string;
  from: number;
  to: number;
}

/** Runs `connections` workers until `stop()` or `durationS`; each sends the next body when its previous answer arrived. */
function startLoad(options: { base: string; path: string; headers: Record<string, string>; bodies: string[]; startIndex: number; connections: number; durationS?: number }) {
  const url = new URL(options.base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const trace: LoadTrace = { sent: [], done: [], status: [], from: performance.now(), to: NaN };
  let next = options.startIndex;
  let stopped = false;
  const deadline = options.durationS !== undefined ? trace.from + options.durationS * 1000 : Infinity;
  const one = (body: string) =>
    new Promise<void>((resolve) => {
      const i = trace.sent.length;
      trace.sent.push(performance.now());
      trace.done.push(NaN);
      trace.status.push(0);
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: options.path,
          agent,
          timeout: 30_000,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...options.headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            trace.status[i] = status;
            if (status >= 200 && status < 300) trace.done[i] = performance.now();
            else trace.firstError ??= `HTTP ${status}: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`;
            resolve();
          });
        }
      );
      req.on('timeout', () => req.destroy(new Error('timeout after 30 s')));
      req.on('error', (error) => {
        trace.firstError ??= error.message;
        resolve();
      });
      req.end(body);
    });
  const worker = async () => {
    while (!stopped && performance.now() < deadline) {
      const body = options.bodies[next % options.bodies.length];
      next += 1;
      await one(body);
    }
  };
  const finished = Promise.all(Array.from({ length: options.connections }, worker)).then(() => {
    trace.to = performance.now();
    agent.destroy();
    return trace;
  });
  return {
    trace,
    finished,
    /** Stops sending; resolves when the requests in flight have answered. */
    stop: () => {
      stopped = true;
      return finished;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// training runs: queue, poll, and the certain running / not-running intervals

interface Observation {
  sent: number;
  recv: number;
  status: string;
  phase: string | null;
}

interface RunTrack {
  documentId: string;
  /** When the queue POST was sent (the run cannot be running before). */
  queuedAt: number;
  accepted: { status: number; parameters: unknown };
  observations: Observation[];
  summary: any;
  terminal: boolean;
}

/** Run phases computed in the training worker thread (the trainer's own phases, the ONNX export, loading the artifact and scoring the evaluation set); the others (dataset, store) run on the main thread. */
const WORKER_PHASES = new Set(['train', 'tokenize', 'vectorize', 'optimize', 'done', 'export', 'validate', 'evaluate']);
const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'cancelled']);

/** A separate keep-alive agent so the poller never waits for a predict socket. */
const pollAgent = new http.Agent({ keepAlive: true, maxSockets: 2 });

function getJson(base: string, route: string, bearer: string): Promise<{ status: number; body: any }> {
  const url = new URL(base + route);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'GET', agent: pollAgent, timeout: 30_000, headers: { authorization: `Bearer ${bearer}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
        } catch {
          resolve({ status: res.statusCode ?? 0, body: text });
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('poll timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** Polls the given runs every POLL_MS (one GET each, in turn) until stopped; records every observation. */
function startPoller(base: string, token: string, runsToPoll: () => RunTrack[]) {
  let stopped = false;
  let polls = 0;
  let failure: unknown = null;
  const loop = (async () => {
    while (!stopped) {
      const tickStart = performance.now();
      for (const run of runsToPoll()) {
        if (stopped) break;
        const sent = performance.now();
        const r = await getJson(base, `${API}/training-runs/${run.documentId}`, token);
        const recv = performance.now();
        polls += 1;
        if (r.status !== 200) throw new Error(`GET training-runs/${run.documentId}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        const s = r.body.data;
        run.observations.push({ sent, recv, status: s.status, phase: s.phase ?? null });
        run.summary = s;
        if (TERMINAL.has(s.status)) run.terminal = true;
      }
      const wait = POLL_MS - (performance.now() - tickStart);
      if (wait > 0) await sleep(wait);
    }
  })().catch((error) => {
    failure = error;
  });
  return {
    polls: () => polls,
    failure: () => failure,
    stop: async () => {
      stopped = true;
      await loop;
      if (failure) throw failure;
    },
  };
}

type Interval = [number, number];

/** The run was certainly running from the first `running` answer's arrival to the last `running` poll's send. */
function runningInterval(run: RunTrack): Interval | null {
  const running = run.observations.filter((o) => o.status === 'running');
  if (running.length < 2) return null;
  const from = running[0].recv;
  const to = running[running.length - 1].sent;
  return to > from ? [from, to] : null;
}

/** Certainly not running: before the queue POST / the last `queued` poll's send, and after the first terminal answer arrived. */
function notRunningBounds(run: RunTrack): { until: number; after: number } {
  const queued = run.observations.filter((o) => o.status === 'queued');
  const until = Math.max(run.queuedAt, queued.length ? queued[queued.length - 1].sent : -Infinity);
  const terminal = run.observations.find((o) => TERMINAL.has(o.status));
  return { until, after: terminal ? terminal.recv : Infinity };
}

/** Consecutive observations of one phase, as certain intervals (first arrival .. last send). */
function phaseIntervals(run: RunTrack): Array<{ phase: string; from: number; to: number }> {
  const out: Array<{ phase: string; from: number; to: number }> = [];
  let streak: Observation[] = [];
  const flush = () => {
    if (streak.length >= 2) {
      const from = streak[0].recv;
      const to = streak[streak.length - 1].sent;
      if (to > from) out.push({ phase: streak[0].phase ?? '?', from, to });
    }
    streak = [];
  };
  for (const o of run.observations) {
    if (o.status !== 'running') {
      flush();
      continue;
    }
    if (streak.length && streak[0].phase !== o.phase) flush();
    streak.push(o);
  }
  flush();
  return out;
}

// ---------------------------------------------------------------------------------------------
// figures

interface WindowFigures {
  name: string;
  requests: number;
  /** 2xx completions per second of covered time. */
  rps: number;
  coveredS: number;
  latency: LatencySummary;
  /** Longest time without any response completing, inside the window (ms). */
  longestSilenceMs: number;
  non2xx: number;
  failures: number;
}

function figures(name: string, trace: LoadTrace, picked: number[], windows: Interval[]): WindowFigures {
  const lat = picked.filter((i) => Number.isFinite(trace.done[i])).map((i) => trace.done[i] - trace.sent[i]);
  const coveredS = windows.reduce((s, [a, b]) => s + (b - a), 0) / 1000;
  // throughput and silences: every 2xx completion inside a window (whatever its send time)
  const ends = trace.done.filter((d) => Number.isFinite(d)).sort((a, b) => a - b);
  let completions = 0;
  let longest = 0;
  for (const [a, b] of windows) {
    const inside = ends.filter((e) => e >= a && e <= b);
    completions += inside.length;
    const marks = [a, ...inside, b];
    for (let k = 1; k < marks.length; k += 1) longest = Math.max(longest, marks[k] - marks[k - 1]);
  }
  const failedIdx = picked.filter((i) => !Number.isFinite(trace.done[i]));
  return {
    name,
    requests: picked.length,
    rps: coveredS > 0 ? completions / coveredS : NaN,
    coveredS,
    latency: summarize(lat),
    longestSilenceMs: longest,
    non2xx: failedIdx.filter((i) => trace.status[i] !== 0).length,
    failures: failedIdx.filter((i) => trace.status[i] === 0).length,
  };
}

const inAny = (t: number, ws: Interval[]) => ws.some(([a, b]) => t >= a && t <= b);
const indicesWhere = (trace: LoadTrace, pred: (sent: number, done: number) => boolean) =>
  trace.sent.map((s, i) => i).filter((i) => {
    const end = Number.isFinite(trace.done[i]) ? trace.done[i] : trace.sent[i];
    return pred(trace.sent[i], end);
  });

// ---------------------------------------------------------------------------------------------
// setup

function importScript(): { file: string; warning: string | null } {
  const file = path.join(REPO_ROOT, 'dist', 'scripts', 'import-dataset.js');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`node_modules/.bin/strapi build\` (or \`npx tsc -p tsconfig.json\`) first`);
  const built = Math.min(fs.statSync(file).mtimeMs, fs.statSync(path.join(REPO_ROOT, 'dist', 'scripts', 'load-strapi.js')).mtimeMs);
  const src = Math.max(...['import-dataset.ts', 'load-strapi.ts'].map((f) => fs.statSync(path.join(REPO_ROOT, 'scripts', f)).mtimeMs));
  return { file, warning: src > built ? 'WARNING: scripts/import-dataset.ts or load-strapi.ts changed after dist/scripts was compiled' : null };
}

/** `npm run import-dataset` without its tsc step: the compiled script, against the same database file. */
async function importDataset(script: string, dbFile: string, dataset: string, relFile: string): Promise<{ ms: number; line: string; exitCode: number | null; exitProblem: string | null }> {
  const t0 = performance.now();
  const proc = spawnTracked(process.execPath, [script, '--model', SLUG, '--dataset', dataset, '--file', path.join(dataDir(), relFile)], {
    cwd: REPO_ROOT,
    label: 'import',
    env: { ...process.env, DATABASE_FILENAME: dbFile, NODE_ENV: 'development', STRAPI_LOG_LEVEL: 'error', STRAPI_TELEMETRY_DISABLED: 'true', STRAPI_STARTUP_BANNER: 'false' },
  });
  const code = await proc.exited;
  const out = proc.tail();
  const line = out.split('\n').filter((l) => l.includes(' imported into ')).pop();
  // The script prints its result line after the import's transaction committed; a failure after it
  // (while Strapi shuts down) is reported, and the rows are counted through the API later.
  if (!line) throw new Error(`import of ${relFile} exited with ${code} without a result line:\n${out}`);
  const exitProblem = code === 0 ? null : `exit code ${code} after "${line.replace(/^.*: /, '')}": ${out.split('\n').find((l) => /Error/.test(l))?.trim() ?? out.split('\n').pop()}`;
  return { ms: performance.now() - t0, line, exitCode: code, exitProblem };
}

async function queueRun(base: string, token: string, params: Record<string, unknown>): Promise<RunTrack> {
  const queuedAt = performance.now();
  const r = await call(base, 'POST', `${API}/models/${SLUG}/training-runs`, { bearer: token, json: { data: params }, expect: [202] });
  const d = r.body?.data;
  if (!d?.documentId) throw new Error(`training-runs answered no documentId: ${JSON.stringify(r.body).slice(0, 300)}`);
  return { documentId: d.documentId, queuedAt, accepted: { status: r.status, parameters: d.parameters }, observations: [], summary: d, terminal: false };
}

async function waitForRun(base: string, token: string, run: RunTrack, timeoutMs: number) {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    const r = await call(base, 'GET', `${API}/training-runs/${run.documentId}`, { bearer: token });
    run.summary = r.body.data;
    if (TERMINAL.has(run.summary.status)) return run.summary;
    await sleep(200);
  }
  throw new Error(`training run ${run.documentId} did not finish within ${timeoutMs} ms (status ${run.summary?.status})`);
}

/** "trained on N rows in X ms" from a run's log. */
function trainedMs(summary: any): number {
  for (const line of (summary?.logs ?? []) as string[]) {
    const m = / trained on \d+ rows in (\d+) ms/.exec(line);
    if (m) return Number(m[1]);
  }
  return NaN;
}

/** Milliseconds between the first log lines containing `a` and `b` (server clock). */
function logSpan(summary: any, a: string, b: string): number {
  const at = (needle: string) => {
    const line = ((summary?.logs ?? []) as string[]).find((l) => l.includes(needle));
    return line ? Date.parse(line.slice(0, line.indexOf(' '))) : NaN;
  };
  return at(b) - at(a);
}

async function maybeWaitForQuiet(): Promise<string | null> {
  if (!process.argv.includes('--wait-quiet') && !process.env.BENCH_WAIT_QUIET) return null;
  const given = Number(strOpt('wait-quiet', 'BENCH_WAIT_QUIET', '120'));
  const timeoutS = Number.isFinite(given) && given > 0 ? given : 120;
  const r = await waitForQuiet({ maxOthers: 0.25, timeoutS });
  return r.quiet
    ? `machine quiet after ${r.waitedS.toFixed(0)} s (other processes ${pct(r.others)} of a core)`
    : `WARNING: machine still busy after ${r.waitedS.toFixed(0)} s (other processes ${pct(r.others)} of a core): figures will be disturbed`;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  installExitHandlers();
  const benchStarted = performance.now();
  const benchCpu = BENCH_CPU_OPT === 'none' ? null : Number(BENCH_CPU_OPT);
  // This process is pinned only once the server under test runs: a child inherits its parent's CPU mask.
  let pin = { pinned: false, note: 'bench process NOT pinned (--bench-cpu none)' };
  const buildWarning = checkBuild();
  const importer = importScript();
  const holdout = readJsonl('partisan/holdout.jsonl');
  const trainRows = readJsonl('partisan/train.jsonl');
  const bodies = holdout.map((h) => JSON.stringify({ text: h.text }));
  const warnings: string[] = [];
  if (buildWarning) warnings.push(buildWarning);
  if (importer.warning) warnings.push(importer.warning);

  log(`# Predict latency during training vs idle: model "${SLUG}", ${holdout.length} holdout texts cycled as single-text predict bodies`);
  log(`closed loop, ${CONNECTIONS} keep-alive connections; idle ${IDLE_S} s after ${WARMUP_S} s warm-up; training runs back to back until ~${TRAIN_S} s of running are covered (max ${MAX_RUNS} runs); idle again ${IDLE_AFTER_S} s; run status polled every ${POLL_MS} ms in every window`);
  log(`training parameters under load: ${JSON.stringify(TRAIN_PARAMS)}`);
  for (const w of warnings) log(w);
  const quiet = await maybeWaitForQuiet();
  if (quiet) log(quiet);

  // --- 1. model on a fresh database, then stop the server so the import is the only writer
  const dbFile = freshDbFile('training-load');
  const setupMs: Record<string, number> = {};
  let t = performance.now();
  progress(`starting Strapi (db ${dbFile}) to create the admin, the API token and the model`);
  const first = await startStrapi({ dbFile });
  const creds = await bootstrapCredentials(first.base);
  await call(first.base, 'POST', `${API}/models`, {
    bearer: creds.apiToken,
    json: { data: { name: 'Bench training load', slug: SLUG, labels: ['blue', 'red'], evaluationDataset: EVAL_DATASET } },
  });
  await first.stop();
  setupMs.firstServer = performance.now() - t;

  // --- 2. import train + holdout with no server running
  progress(`importing ${trainRows.length} training rows (dataset "${TRAIN_DATASET}") with ${path.relative(REPO_ROOT, importer.file)}`);
  const impTrain = await importDataset(importer.file, dbFile, TRAIN_DATASET, 'partisan/train.jsonl');
  progress(`  ${impTrain.line} (${fmt(impTrain.ms / 1000, 1)} s)`);
  progress(`importing ${holdout.length} holdout rows (dataset "${EVAL_DATASET}")`);
  const impHoldout = await importDataset(importer.file, dbFile, EVAL_DATASET, 'partisan/holdout.jsonl');
  progress(`  ${impHoldout.line} (${fmt(impHoldout.ms / 1000, 1)} s)`);
  for (const [name, imp] of [['train', impTrain], ['holdout', impHoldout]] as const) {
    if (imp.exitProblem) warnings.push(`import-dataset (${name}) ${imp.exitProblem} - the rows were then counted through the admin API (see "setup")`);
  }
  setupMs.importTrain = impTrain.ms;
  setupMs.importHoldout = impHoldout.ms;

  // --- 3. the server under test: NOT pinned
  t = performance.now();
  const server: StrapiServer = await startStrapi({ dbFile });
  setupMs.secondBoot = server.bootMs;
  const serverCpus = cpusAllowed(server.pid);
  const allCpus = cpusAllowed(process.pid);
  if (serverCpus !== allCpus) warnings.push(`the server's CPU mask is ${serverCpus}, this process's ${allCpus}: the server is NOT free to use every CPU`);
  if (benchCpu !== null) pin = pinSelf(benchCpu);
  progress(`Strapi up in ${fmt(server.bootMs / 1000, 1)} s (pid ${server.pid}, not pinned: allowed CPUs ${serverCpus}); bench ${pin.note}`);
  const adminJwt = await adminLogin(server.base);
  const stats = (await call(server.base, 'GET', `/model-manager/models/${SLUG}/feedback?pageSize=1`, { bearer: adminJwt })).body?.meta?.stats;
  const byDataset: Record<string, number> = stats?.byDataset ?? {};
  progress(`feedback rows by dataset: ${JSON.stringify(byDataset)}`);
  if (byDataset[TRAIN_DATASET] !== trainRows.length || byDataset[EVAL_DATASET] !== holdout.length) {
    throw new Error(`imported rows do not match the files: ${JSON.stringify(byDataset)} vs ${trainRows.length} / ${holdout.length}`);
  }

  // --- 4. a serving version: train (defaults), submit + approve (admin), promote (API token)
  t = performance.now();
  const deployRun = await queueRun(server.base, creds.apiToken, {});
  const deployed = await waitForRun(server.base, creds.apiToken, deployRun, 120_000);
  if (deployed.status !== 'succeeded') throw new Error(`deploy training run ${deployed.status}: ${deployed.error ?? ''}\n${(deployed.logs ?? []).join('\n')}`);
  const servingVersion: number = deployed.version;
  for (const step of ['submit', 'approve']) {
    await call(server.base, 'POST', `/model-manager/models/${SLUG}/versions/${servingVersion}/${step}`, { bearer: adminJwt, json: { data: {} } });
  }
  await call(server.base, 'POST', `${API}/models/${SLUG}/versions/${servingVersion}/promote`, { bearer: creds.apiToken, json: { data: {} } });
  setupMs.deploy = performance.now() - t;
  progress(`serving version ${servingVersion} promoted (trained with defaults in ${fmt(trainedMs(deployed) / 1000, 2)} s; datasetSize ${deployed.datasetSize}; ${fmt(setupMs.deploy / 1000, 1)} s to deploy)`);

  const auth = { authorization: `Bearer ${creds.apiToken}` };
  const predictPath = `${API}/models/${SLUG}/predict`;
  const probe = await call(server.base, 'POST', predictPath, { bearer: creds.apiToken, json: { text: holdout[0].text } });
  if (!probe.body?.data?.label || probe.body?.meta?.version !== servingVersion) {
    throw new Error(`unexpected predict answer: ${JSON.stringify(probe.body).slice(0, 300)}`);
  }

  const startLoadAt = (startIndex: number, durationS?: number) =>
    startLoad({ base: server.base, path: predictPath, headers: auth, bodies, startIndex, connections: CONNECTIONS, durationS });

  // --- 5. idle (the poller GETs the finished deploy run, as it will GET the running runs later)
  const idleWindow = async (label: string, seconds: number, startIndex: number) => {
    const poller = startPoller(server.base, creds.apiToken, () => [deployRun]);
    const meter = new CpuMeter([server.pid]).start();
    const load = startLoadAt(startIndex, seconds);
    const trace = await load.finished;
    const cpu = meter.stop();
    await poller.stop();
    deployRun.observations = [];
    const all = trace.sent.map((_, i) => i);
    const fig = figures(label, trace, all, [[trace.from, trace.to]]);
    progress(`${label}: ${fmtInt(fig.rps)} req/s, p50 ${fmt(fig.latency.p50)} ms, p99 ${fmt(fig.latency.p99)} ms, max ${fmt(fig.latency.max, 1)} ms; CPU: ${describeCpu(cpu)}`);
    if (trace.firstError) warnings.push(`${label}: first error: ${trace.firstError}`);
    return { fig, cpu, polls: poller.polls(), trace };
  };
  if (WARMUP_S > 0) {
    progress(`warm-up ${WARMUP_S} s`);
    await startLoadAt(600, WARMUP_S).finished;
  }
  progress(`idle: ${IDLE_S} s at ${CONNECTIONS} connections`);
  const idle = await idleWindow('idle (before)', IDLE_S, 0);

  // --- 6. training runs back to back under the same load
  progress(`training: runs with ${JSON.stringify(TRAIN_PARAMS)} back to back, predict load at ${CONNECTIONS} connections`);
  const runs: RunTrack[] = [];
  const poller = startPoller(server.base, creds.apiToken, () => runs.filter((r) => !r.terminal));
  const trainMeter = new CpuMeter([server.pid]).start();
  const load = startLoadAt(0);
  const trainFrom = performance.now();
  const durationOf = (r: RunTrack) => wallToPerf(r.summary?.finishedAt) - wallToPerf(r.summary?.startedAt);
  let stopReason = '';
  runs.push(await queueRun(server.base, creds.apiToken, TRAIN_PARAMS));
  for (;;) {
    await sleep(POLL_MS / 2);
    if (poller.failure()) throw poller.failure();
    const elapsedS = (performance.now() - trainFrom) / 1000;
    const active = runs.filter((r) => !r.terminal);
    const waiting = active.filter((r) => r.summary?.status !== 'running');
    const current = active.find((r) => r.summary?.status === 'running');
    const finished = runs.filter((r) => r.terminal);
    const bad = finished.find((r) => r.summary?.status !== 'succeeded');
    if (bad && !stopReason) {
      stopReason = `run ${bad.documentId} ended ${bad.summary?.status}: ${bad.summary?.error ?? ''}`;
      warnings.push(`training run ${stopReason}`);
    }
    // decide only on a settled picture: one run left and seen running (a run that just ended may still
    // read "running" in this poll round while its successor already does too), or none left at all
    if (!stopReason && waiting.length === 0 && ((current && active.length === 1) || active.length === 0)) {
      // queue the next run while the current one is running, so it is claimed as soon as that one ends
      const covered = finished.reduce((s, r) => s + durationOf(r) / 1000, 0);
      const estimate = current && finished.length ? median(finished.map((r) => durationOf(r) / 1000)) : 0;
      if (runs.length >= MAX_RUNS) stopReason = `max runs (${MAX_RUNS})`;
      else if (covered + estimate >= TRAIN_S) stopReason = `~${TRAIN_S} s of runs covered`;
      else if (elapsedS + 2 * Math.max(estimate, 1) > TRAIN_WALL_S) stopReason = `training window cap ${TRAIN_WALL_S} s`;
      else runs.push(await queueRun(server.base, creds.apiToken, TRAIN_PARAMS));
    }
    if (stopReason && active.length === 0) break;
    if (elapsedS > TRAIN_WALL_S) {
      stopReason = `training window cap ${TRAIN_WALL_S} s reached with runs unfinished`;
      warnings.push(stopReason);
      break;
    }
  }
  const trace = await load.stop();
  const trainCpu = trainMeter.stop();
  await poller.stop();
  progress(`training window done (${stopReason || 'all runs finished'}): ${fmt((trace.to - trace.from) / 1000, 1)} s, ${runs.length} runs; CPU: ${describeCpu(trainCpu)}`);
  if (trace.firstError) warnings.push(`training window: first error: ${trace.firstError}`);

  // --- 7. idle again (drift check)
  let idleAfter: Awaited<ReturnType<typeof idleWindow>> | null = null;
  if (IDLE_AFTER_S > 0) {
    progress(`idle (after): ${IDLE_AFTER_S} s`);
    idleAfter = await idleWindow('idle (after)', IDLE_AFTER_S, 300);
  }
  await server.stop();
  removeDb(server.dbFile);

  // --- classification of the training-window requests
  const running: Interval[] = runs.map(runningInterval).filter((x): x is Interval => x !== null);
  const bounds = runs.map(notRunningBounds);
  const certainlyIdle = (x: number) => bounds.every((b) => x <= b.until || x >= b.after);
  const during = indicesWhere(trace, (s, e) => inAny(s, running) && inAny(e, running));
  const between = indicesWhere(trace, (s, e) => certainlyIdle(s) && certainlyIdle(e));
  const idleWins: Interval[] = [];
  {
    // certainly-idle windows inside the training window: the complement of [until, after] of every run
    const busy = bounds.map((b) => [Math.max(b.until, trace.from), Math.min(b.after, trace.to)] as Interval).filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
    let cursor = trace.from;
    for (const [a, b] of busy) {
      if (a > cursor) idleWins.push([cursor, a]);
      cursor = Math.max(cursor, b);
    }
    if (trace.to > cursor) idleWins.push([cursor, trace.to]);
  }
  const duringFig = figures('during training (run running at send and at completion)', trace, during, running);
  const betweenFig = figures('training window, no run running (queued/between runs)', trace, between, idleWins);
  const edge = trace.sent.length - during.length - between.length;
  const windowAll = figures('whole training window', trace, trace.sent.map((_, i) => i), [[trace.from, trace.to]]);

  // per phase
  const phaseRows: WindowFigures[] = [];
  {
    const byPhase = new Map<string, Interval[]>();
    for (const r of runs) for (const p of phaseIntervals(r)) byPhase.set(p.phase, [...(byPhase.get(p.phase) ?? []), [p.from, p.to]]);
    for (const [phase, wins] of byPhase) {
      const picked = indicesWhere(trace, (s, e) => wins.some(([a, b]) => s >= a && e <= b));
      phaseRows.push(figures(`  phase "${phase}" (${WORKER_PHASES.has(phase) ? 'worker thread' : 'main thread'})`, trace, picked, wins));
    }
  }

  // the slowest requests of the training window, and where in which run they fell
  const duringSet = new Set(during);
  const betweenSet = new Set(between);
  // distinct events: a request overlapping in time with a slower one already listed is the same stall
  const distinct: number[] = [];
  for (const i of trace.sent
    .map((_, k) => k)
    .filter((k) => Number.isFinite(trace.done[k]))
    .sort((a, b) => trace.done[b] - trace.sent[b] - (trace.done[a] - trace.sent[a]))) {
    if (distinct.length >= 8) break;
    if (!distinct.some((j) => trace.sent[i] <= trace.done[j] && trace.done[i] >= trace.sent[j])) distinct.push(i);
  }
  const slowest = distinct
    .map((i) => {
      const sent = trace.sent[i];
      const done = trace.done[i];
      const k = runs.findIndex((r) => sent <= wallToPerf(r.summary?.finishedAt) && done >= wallToPerf(r.summary?.startedAt));
      const obs = k >= 0 ? runs[k].observations : [];
      const before = [...obs].reverse().find((o) => o.recv <= sent);
      const after = obs.find((o) => o.sent >= done);
      return {
        latencyMs: done - sent,
        class: duringSet.has(i) ? 'during' : betweenSet.has(i) ? 'no run' : 'unclassified',
        run: k >= 0 ? k + 1 : null,
        sentAtRunS: k >= 0 ? (sent - wallToPerf(runs[k].summary?.startedAt)) / 1000 : null,
        runDurationS: k >= 0 ? durationOf(runs[k]) / 1000 : null,
        phaseBefore: before ? `${before.status}/${before.phase}` : null,
        phaseAfter: after ? `${after.status}/${after.phase}` : null,
      };
    });

  // runs
  const runRows = runs.map((r, k) => {
    const s = r.summary ?? {};
    const iv = runningInterval(r);
    return {
      n: k + 1,
      documentId: r.documentId,
      status: s.status,
      version: s.version ?? null,
      accepted: r.accepted,
      parametersEchoed: s.parameters,
      serverDurationMs: durationOf(r),
      trainedMs: trainedMs(s),
      claimToTrainedMs: logSpan(s, 'claimed by', ' trained on '),
      trainedToStoredMs: logSpan(s, ' trained on ', ' stored as version '),
      queueToStartMs: wallToPerf(s.startedAt) - r.queuedAt,
      observedRunningMs: iv ? iv[1] - iv[0] : 0,
      polls: r.observations.length,
      phases: [...new Set(r.observations.filter((o) => o.status === 'running').map((o) => o.phase))],
      error: s.error ?? null,
      logs: s.logs,
    };
  });
  const paramsMismatch = runRows.filter((r) =>
    Object.entries(TRAIN_PARAMS).some(([k, v]) => JSON.stringify((r.parametersEchoed ?? {})[k]) !== JSON.stringify(v))
  );
  if (paramsMismatch.length) warnings.push(`${paramsMismatch.length} run(s) do not echo the requested parameters`);
  const gaps: number[] = [];
  for (let k = 1; k < runs.length; k += 1) gaps.push(wallToPerf(runs[k].summary?.startedAt) - wallToPerf(runs[k - 1].summary?.finishedAt));

  // --- report
  const cpuCell = (c: CpuWindow) => `${pct(c.server)} / ${pct(c.bench)} / ${pct(c.others)}${c.others > DISTURBED ? ' DISTURBED' : ''}`;
  const row = (f: WindowFigures, cpu?: CpuWindow) => [
    f.name, String(f.requests), fmt(f.coveredS, 1), fmtInt(f.rps), fmt(f.latency.p50, 2), fmt(f.latency.p90, 2), fmt(f.latency.p99, 2), fmt(f.latency.max, 1),
    fmt(f.longestSilenceMs, 1), String(f.non2xx + f.failures), cpu ? cpuCell(cpu) : '',
  ];
  log(`\n## Single-text predict, ${CONNECTIONS} connections (closed loop)`);
  log(
    table([
      ['window', 'requests', 'covered s', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'longest silence ms', 'failed', 'CPU server / bench / others'],
      row(idle.fig, idle.cpu),
      row(duringFig, trainCpu),
      ...phaseRows.map((f) => row(f)),
      row(betweenFig),
      ...(idleAfter ? [row(idleAfter.fig, idleAfter.cpu)] : []),
    ])
  );
  log(`(CPU: share of one core over the whole window, two cores in all; the training-window CPU covers all ${fmt((trace.to - trace.from) / 1000, 1)} s of it, runs and gaps. "longest silence": longest time in which no predict response completed.`);
  log(` ${edge} training-window requests are in neither row: sent or completed while a run's state was uncertain (between two polls around a start or an end) or spanning a run boundary.`);
  log(` A phase row holds the requests sent and completed within one phase as polled; the run writes its phase at most every 250 ms, so phase edges are approximate - running/not running is exact.)`);
  const ratios = {
    p50: duringFig.latency.p50 / idle.fig.latency.p50,
    p90: duringFig.latency.p90 / idle.fig.latency.p90,
    p99: duringFig.latency.p99 / idle.fig.latency.p99,
    max: duringFig.latency.max / idle.fig.latency.max,
    rps: duringFig.rps / idle.fig.rps,
  };
  log(`\nduring / idle (before):  p50 ${fmt(ratios.p50, 2)}x   p99 ${fmt(ratios.p99, 2)}x   (p90 ${fmt(ratios.p90, 2)}x, max ${fmt(ratios.max, 2)}x, req/s ${fmt(ratios.rps, 2)}x)`);
  if (idleAfter) log(`idle after / idle before: p50 ${fmt(idleAfter.fig.latency.p50 / idle.fig.latency.p50, 2)}x   p99 ${fmt(idleAfter.fig.latency.p99 / idle.fig.latency.p99, 2)}x   (drift check)`);
  log(`worst stall seen while a run was running: max latency ${fmt(duringFig.latency.max, 1)} ms, longest silence ${fmt(duringFig.longestSilenceMs, 1)} ms (idle: ${fmt(idle.fig.latency.max, 1)} / ${fmt(idle.fig.longestSilenceMs, 1)} ms)`);
  log(`worst in the whole training window, requests at run edges included: max latency ${fmt(windowAll.latency.max, 1)} ms, longest silence ${fmt(windowAll.longestSilenceMs, 1)} ms (${windowAll.requests} requests, p99 ${fmt(windowAll.latency.p99, 2)} ms)`);

  log(`\nslowest predict requests of the training window, one per stall (requests overlapping a slower one are left out; phase: last poll answered before the send -> first poll sent after the completion; phases are written at most every 250 ms):`);
  log(
    table([
      ['latency ms', 'class', 'run', 'sent at run +s', 'run length s', 'phase before', 'phase after'],
      ...slowest.map((x) => [fmt(x.latencyMs, 1), x.class, String(x.run ?? '-'), x.sentAtRunS === null ? '-' : fmt(x.sentAtRunS, 2), x.runDurationS === null ? '-' : fmt(x.runDurationS, 2), x.phaseBefore ?? '-', x.phaseAfter ?? '-']),
    ])
  );

  log(`\n## Training runs under load (${runs.length} run(s), ${fmt(running.reduce((s, [a, b]) => s + b - a, 0) / 1000, 1)} s certainly running; stop: ${stopReason || 'all runs finished'})`);
  log(
    table([
      ['run', 'status', 'version', 'server s (started..finished)', 'claimed..trained s', '(trainer s)', 'trained..stored s', 'queued..started s', 'observed running s', 'polls'],
      ...runRows.map((r) => [
        String(r.n), String(r.status), String(r.version ?? '-'), fmt(r.serverDurationMs / 1000, 2), fmt(r.claimToTrainedMs / 1000, 2), fmt(r.trainedMs / 1000, 2), fmt(r.trainedToStoredMs / 1000, 2),
        fmt(r.queueToStartMs / 1000, 2), fmt(r.observedRunningMs / 1000, 2), String(r.polls),
      ]),
    ])
  );
  log(`claimed..trained: dataset read on the main thread, then the worker (trainer + ONNX export; "trainer s" is the trainer's own figure); trained..stored: the store, on the main thread (validate and evaluate on "${EVAL_DATASET}" run in the worker too; server log timestamps)`);
  log(`gaps between runs (finished -> next started, server clock): ${gaps.map((g) => fmt(g, 0) + ' ms').join(', ') || '-'}`);
  log(`phases seen while running: ${[...new Set(runRows.flatMap((r) => r.phases))].join(', ')}`);
  log(`each run accepted with HTTP ${[...new Set(runRows.map((r) => r.accepted.status))].join('/')}; parameters echoed by the run: ${paramsMismatch.length ? 'MISMATCH' : 'as requested'}`);
  if (runRows[0]?.logs) log(`run 1 log:\n${(runRows[0].logs as string[]).map((l) => '   ' + l).join('\n')}`);

  log(`\nCPU allotment: 2 CPUs; Strapi NOT pinned (allowed CPUs ${serverCpus}: main thread, training worker thread, onnxruntime); load generator ${pin.note}.`);
  log(`setup: first server ${fmt(setupMs.firstServer / 1000, 1)} s, import train ${fmt(impTrain.ms / 1000, 1)} s (${impTrain.line.replace(/^.*: /, '')}), import holdout ${fmt(impHoldout.ms / 1000, 1)} s (${impHoldout.line.replace(/^.*: /, '')}), feedback rows counted through the admin API ${JSON.stringify(byDataset)}, boot ${fmt(server.bootMs / 1000, 1)} s, deploy (train defaults + review + promote) ${fmt(setupMs.deploy / 1000, 1)} s`);
  for (const c of [idle, idleAfter].filter(Boolean) as Array<typeof idle>) if (c.cpu.others > DISTURBED) warnings.push(`${c.fig.name}: other processes used ${pct(c.cpu.others)} of a core: DISTURBED`);
  if (trainCpu.others > DISTURBED) warnings.push(`training window: other processes used ${pct(trainCpu.others)} of a core: DISTURBED`);
  if (during.length < 200) warnings.push(`only ${during.length} requests fell inside running windows: the during-training percentiles are thin`);
  for (const w of warnings) log(`!!! ${w}`);
  const totalS = (performance.now() - benchStarted) / 1000;
  log(`bench wall time ${fmt(totalS, 0)} s`);

  const strip = (f: WindowFigures) => f;
  const out = writeResults('predict-during-training', {
    environment: environment(),
    settings: { connections: CONNECTIONS, idleS: IDLE_S, warmupS: WARMUP_S, idleAfterS: IDLE_AFTER_S, trainSeconds: TRAIN_S, maxRuns: MAX_RUNS, pollMs: POLL_MS, trainParams: TRAIN_PARAMS, texts: holdout.length },
    cpuAllotment: { taskset: tasksetAvailable(), server: `not pinned (allowed ${serverCpus})`, bench: pin },
    buildWarning,
    setupMs,
    imports: { train: impTrain, holdout: impHoldout, rowsByDataset: byDataset },
    servingVersion,
    windows: {
      idleBefore: { ...strip(idle.fig), cpu: idle.cpu, polls: idle.polls },
      during: { ...strip(duringFig), cpu: trainCpu },
      duringByPhase: phaseRows,
      trainingWindowNoRun: betweenFig,
      trainingWindowUnclassified: edge,
      wholeTrainingWindow: windowAll,
      idleAfter: idleAfter ? { ...strip(idleAfter.fig), cpu: idleAfter.cpu, polls: idleAfter.polls } : null,
    },
    ratios,
    runs: runRows,
    gapsBetweenRunsMs: gaps,
    slowestTrainingWindowRequests: slowest,
    stopReason,
    warnings,
    wallS: totalS,
  });
  log(`\nJSON: ${out}`);
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(`[training-load] FAILED: ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  });
