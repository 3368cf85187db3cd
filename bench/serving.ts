/**
 * Serving benchmark: single-text predict throughput and latency of the same ONNX model
 *   (a) onnxruntime-node in this process, one call at a time,
 *   (b) a minimal Koa server (bench/koa-server.ts), child process,
 *   (c) the Strapi REST predict with a full-access API token, child process,
 * side by side in one run; then one request of all 1,201 holdout texts vs one in-process run.
 * Servers are pinned to CPU 0 and this process to CPU 1 (taskset), traffic on 127.0.0.1 only.
 *
 *   npm run bench:serving [-- --connections 10 --duration 10 --warmup 2 --batch-runs 5]
 *   npm run bench:serving -- --profile [--fast-path-off] [--prof-dir /tmp/prof]
 *       # SQL per request (knex debug), then Strapi and Koa under --cpu-prof during a load, summarised
 *   --no-fast-path-off: skip the second Strapi run with MODEL_MANAGER_FAST_PATH=false (when the build has that switch)
 *   --wait-quiet [seconds]: first wait (default up to 120 s) until other processes use < 0.25 core
 *   --retries N --disturbed-limit 0.3: a window in which other processes used > 0.3 core is flagged DISTURBED and
 *       measured again up to N times after waiting for quiet (default N = 0, or 2 with --wait-quiet)
 * Env equivalents: BENCH_CONNECTIONS, BENCH_DURATION, BENCH_WARMUP, BENCH_BATCH_RUNS, BENCH_PROFILE, BENCH_WAIT_QUIET.
 * Needs a build (`node_modules/.bin/strapi build`); figures are written to bench/results/serving.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { flag, numOpt, strOpt } from './lib/cli';
import { CpuMeter, describeCpu, pct, waitForQuiet, type CpuWindow } from './lib/cpu';
import { analyzeProfile, printProfile, type ProfileSummary } from './lib/cpuprofile';
import { FOREIGN_MODEL, readJsonl } from './lib/data';
import { autocannonRun, type LoadResult } from './lib/load';
import { openSession, type Session } from './lib/ort';
import { cpusAllowed, freePort, installExitHandlers, pinSelf, readMemory, spawnTracked, tasksetAvailable, waitForHttp } from './lib/procs';
import { environment, writeResults } from './lib/results';
import { Samples, fmt, fmtInt, median, summarize, table, type LatencySummary } from './lib/stats';
import {
  REPO_ROOT, bootstrapCredentials, checkBuild, createModel, freshDbFile, removeDb, startStrapi, uploadApprovePromote,
  type Credentials, type StrapiServer,
} from './lib/strapi';

const CONNECTIONS = numOpt('connections', 'BENCH_CONNECTIONS', 10);
const DURATION_S = numOpt('duration', 'BENCH_DURATION', 10);
const WARMUP_S = numOpt('warmup', 'BENCH_WARMUP', 2);
const BATCH_RUNS = numOpt('batch-runs', 'BENCH_BATCH_RUNS', 5);
const PROFILE = flag('profile', 'BENCH_PROFILE');
const PROF_DIR = strOpt('prof-dir', 'BENCH_PROF_DIR', '/tmp/prof');
/** Profile mode: profile Strapi with the predict fast path switched off (MODEL_MANAGER_FAST_PATH=false). */
const PROFILE_ENV: Record<string, string> = flag('fast-path-off') ? { MODEL_MANAGER_FAST_PATH: 'false' } : {};
/** A measured window during which other processes used more than this many cores is "disturbed" and retried. */
const DISTURBED = numOpt('disturbed-limit', 'BENCH_DISTURBED_LIMIT', 0.3);
/** Default: no retry (the run stays bounded, disturbed windows are flagged); with --wait-quiet, 2. */
const RETRIES = numOpt('retries', 'BENCH_RETRIES', process.argv.includes('--wait-quiet') || process.env.BENCH_WAIT_QUIET ? 2 : 0);
const SERVER_CPU = 0;
const BENCH_CPU = 1;
const SLUG = 'bench-sklearn';
const TOLERANCE = 1e-5;
const CHUNK = 128; // the plugin's default runChunkSize

const log = (msg: string) => console.log(msg);
const progress = (msg: string) => console.error(`[serving] ${msg}`);

interface Target {
  name: string;
  rps: number;
  latency: LatencySummary;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  cpu: CpuWindow;
  attempts?: number;
  load?: LoadResult;
}

/** (a) sequential in-process calls on one text at a time, cycling through the texts. */
async function inProcessLoop(session: Session, texts: string[], seconds: number, startAt = 0): Promise<{ calls: number; seconds: number; latency: Float64Array }> {
  const lat = new Samples();
  let i = startAt;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let now = t0;
  while (now < end) {
    const start = performance.now();
    const probs = await session.predict([texts[i % texts.length]]);
    if (probs.length !== session.classLabels.length) throw new Error('in-process: unexpected output width');
    now = performance.now();
    lat.push(now - start);
    i += 1;
  }
  return { calls: lat.length, seconds: (now - t0) / 1000, latency: lat.values().slice() };
}

/** Other processes' CPU (cores) while each batch was timed, by label. */
const batchOthers: Record<string, number> = {};

async function timeRuns(runs: number, fn: () => Promise<unknown>, label = '', pids: number[] = []): Promise<number[]> {
  await fn(); // warm-up
  const meter = new CpuMeter(pids).start();
  const times: number[] = [];
  for (let r = 0; r < runs; r += 1) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  if (label) batchOthers[label] = meter.stop().others;
  return times;
}

/** Max |difference| between server answers and in-process rows for the same texts. */
function maxDiff(answers: Array<{ probabilities: Record<string, number> }>, rows: Float32Array, labels: string[]): number {
  let worst = 0;
  answers.forEach((a, i) => {
    labels.forEach((label, k) => {
      const got = a.probabilities?.[label];
      const d = typeof got === 'number' ? Math.abs(got - rows[i * labels.length + k]) : Infinity;
      worst = Math.max(worst, d);
    });
  });
  return worst;
}

async function postJson(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, text: await res.text() };
}

function targetFrom(name: string, r: LoadResult, cpu: CpuWindow): Target {
  return { name, rps: r.rps, latency: r.latency, ok: r.ok2xx, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, cpu, load: r };
}

async function loadTest(name: string, url: string, headers: Record<string, string>, bodies: string[], serverPid: number): Promise<Target> {
  if (WARMUP_S > 0) {
    progress(`${name}: warm-up ${WARMUP_S} s`);
    await autocannonRun({ url, connections: CONNECTIONS, durationS: WARMUP_S, headers, bodies, startIndex: 600 });
  }
  for (let attempt = 0; ; attempt += 1) {
    progress(`${name}: ${DURATION_S} s at ${CONNECTIONS} connections${attempt ? ` (retry ${attempt})` : ''}`);
    const meter = new CpuMeter([serverPid]).start();
    const r = await autocannonRun({ url, connections: CONNECTIONS, durationS: DURATION_S, headers, bodies });
    const cpu = meter.stop();
    progress(`${name}: ${fmtInt(r.rps)} req/s; CPU: ${describeCpu(cpu)}`);
    if (r.non2xx > 0) progress(`${name}: non-2xx statuses ${JSON.stringify(r.statusCounts)}`);
    if (cpu.others <= DISTURBED || attempt >= RETRIES) return { ...targetFrom(name, r, cpu), attempts: attempt + 1 };
    await settle(name, [serverPid]);
  }
}

/** Other processes were busy: wait (up to 90 s) for the machine to calm down before measuring again. */
async function settle(name: string, exclude: number[]) {
  progress(`${name}: DISTURBED (other processes above ${DISTURBED} core): waiting for quiet, then measuring again`);
  const q = await waitForQuiet({ maxOthers: DISTURBED * 0.8, timeoutS: 90, exclude });
  progress(`${name}: ${q.quiet ? 'quiet' : 'still busy'} after ${fmt(q.waitedS, 0)} s`);
}

const disturbed = (t: { cpu: CpuWindow }) => t.cpu.others > DISTURBED;

async function setupStrapi(modelBytes: Uint8Array, nodeArgs?: string[], env?: Record<string, string>): Promise<{ server: StrapiServer; creds: Credentials }> {
  const dbFile = freshDbFile('serving');
  progress(`starting Strapi (db ${dbFile})${nodeArgs ? ' with ' + nodeArgs.join(' ') : ''}${env && Object.keys(env).length ? ' env ' + JSON.stringify(env) : ''}`);
  const server = await startStrapi({ dbFile, cpu: SERVER_CPU, nodeArgs, env });
  progress(`Strapi up in ${fmt(server.bootMs / 1000, 1)} s (pid ${server.pid}, CPUs ${cpusAllowed(server.pid)})`);
  const creds = await bootstrapCredentials(server.base);
  await createModel(server.base, creds, SLUG, 'Bench sklearn TF-IDF LR');
  await uploadApprovePromote(server.base, creds, SLUG, modelBytes);
  return { server, creds };
}

/** Starts the Koa baseline on CPU 0; extra node flags (e.g. --cpu-prof) go before the script. */
async function startKoa(modelPath: string, nodeArgs: string[] = []) {
  const port = await freePort();
  const proc = spawnTracked(
    process.execPath,
    [...nodeArgs, path.join(REPO_ROOT, 'bench', 'run-ts.js'), path.join(REPO_ROOT, 'bench', 'koa-server.ts'), '--port', String(port), '--model', modelPath],
    { cpu: SERVER_CPU, cwd: REPO_ROOT, label: 'koa' }
  );
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/health`, 204, proc, 60_000);
  return { proc, base, url: `${base}/predict` };
}

/** SQL statements the server runs per predict request (knex's own debug output, DEBUG=knex:query). */
async function queryCensus(modelBytes: Uint8Array, bodies: string[], requests = 50) {
  let capturing = false;
  const seen: string[] = [];
  const onLine = (line: string) => {
    const at = line.indexOf('knex:query ');
    if (capturing && at >= 0) seen.push(line.slice(at + 'knex:query '.length).replace(/ (trx\d+|undefined)( \+\d+m?s)?$/, ''));
  };
  const dbFile = freshDbFile('census');
  const server = await startStrapi({ dbFile, cpu: SERVER_CPU, env: { ...PROFILE_ENV, DEBUG: 'knex:query', DEBUG_COLORS: 'no' }, onLine });
  const creds = await bootstrapCredentials(server.base);
  await createModel(server.base, creds, SLUG);
  await uploadApprovePromote(server.base, creds, SLUG, modelBytes);
  const url = `${server.base}/api/model-manager/models/${SLUG}/predict`;
  const headers = { authorization: `Bearer ${creds.apiToken}` };
  for (let i = 0; i < 5; i += 1) await postJson(url, bodies[i], headers); // warm
  await new Promise((r) => setTimeout(r, 300));
  capturing = true;
  const t0 = performance.now();
  for (let i = 0; i < requests; i += 1) {
    const r = await postJson(url, bodies[i], headers);
    if (r.status !== 200) throw new Error(`census: HTTP ${r.status}`);
  }
  const elapsedMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 100));
  capturing = false;
  await server.stop();
  removeDb(dbFile);
  const counts = new Map<string, number>();
  for (const q of seen) counts.set(q, (counts.get(q) ?? 0) + 1);
  return { requests, elapsedMs, total: seen.length, statements: [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([sql, n]) => ({ sql, count: n, perRequest: n / requests })) };
}

/** Runs a load against a server started with --cpu-prof; returns the load and the summary of the load window. */
async function profiledLoad(
  name: string,
  start: (nodeArgs: string[]) => Promise<{ url: string; headers: Record<string, string>; stop: () => Promise<void> }>,
  bodies: string[]
): Promise<{ load: LoadResult; summary: ProfileSummary; file: string }> {
  const dir = path.join(PROF_DIR, name.toLowerCase());
  fs.mkdirSync(dir, { recursive: true });
  const before = new Set(fs.readdirSync(dir));
  const target = await start(['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  await autocannonRun({ url: target.url, connections: CONNECTIONS, durationS: WARMUP_S, headers: target.headers, bodies, startIndex: 600 });
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  const load = await autocannonRun({ url: target.url, connections: CONNECTIONS, durationS: DURATION_S, headers: target.headers, bodies });
  const toUs = Number(process.hrtime.bigint() / 1000n);
  progress(`${name}: stopping (SIGTERM) so that it writes its profile`);
  await target.stop();
  const written = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f));
  if (written.length === 0) throw new Error(`${name}: no .cpuprofile was written to ${dir}`);
  const file = path.join(dir, written.sort().pop()!);
  return { load, summary: analyzeProfile(file, 30, { fromUs, toUs }), file };
}

async function profileMode(modelBytes: Uint8Array, modelPath: string, bodies: string[]) {
  log(`profile mode: Strapi env ${JSON.stringify(PROFILE_ENV)} (--fast-path-off sets MODEL_MANAGER_FAST_PATH=false)`);
  progress('query census: DEBUG=knex:query, 50 sequential predict requests');
  const census = await queryCensus(modelBytes, bodies);
  log(`\n## SQL per predict request (knex debug output, ${census.requests} sequential requests, ${fmt(census.elapsedMs / census.requests, 2)} ms each with debug logging on)`);
  log(table([['statement', 'count', 'per request'], ...census.statements.map((q) => [q.sql.slice(0, 160), String(q.count), fmt(q.perRequest, 2)])]));
  log(`total: ${census.total} statements = ${fmt(census.total / census.requests, 2)} per request (the routing poll's "select revision" runs every routingPollMs regardless of traffic)`);

  const strapi = await profiledLoad(
    'Strapi',
    async (nodeArgs) => {
      const { server, creds } = await setupStrapi(modelBytes, nodeArgs, PROFILE_ENV);
      return {
        url: `${server.base}/api/model-manager/models/${SLUG}/predict`,
        headers: { authorization: `Bearer ${creds.apiToken}` },
        stop: async () => {
          await server.stop();
          removeDb(server.dbFile);
        },
      };
    },
    bodies
  );
  const koa = await profiledLoad(
    'Koa',
    async (nodeArgs) => {
      const k = await startKoa(modelPath, nodeArgs);
      return { url: k.url, headers: {}, stop: () => k.proc.stop() };
    },
    bodies
  );

  for (const [name, p] of [['Strapi', strapi], ['Koa', koa]] as const) {
    log(`\n## ${name} under --cpu-prof (profiling slows it): ${fmtInt(p.load.rps)} req/s, p50 ${fmt(p.load.latency.p50)} ms, p99 ${fmt(p.load.latency.p99)} ms, ${p.load.ok2xx} x 2xx, ${p.load.non2xx} non-2xx`);
    log(`busy CPU per request: ${fmt((p.summary.busyMs * 1000) / p.load.ok2xx, 0)} µs (profile window ${fmt(p.summary.wallMs / 1000, 1)} s; µs/request = time / 2xx requests)`);
    if (name === 'Strapi') printProfile(p.summary, p.load.ok2xx);
    else {
      log('\nKoa: self time by module');
      log(table([['module', 'ms', '% busy', 'µs/request'], ...p.summary.modules.slice(0, 12).map((r) => [r.name, r.ms.toFixed(0), `${(r.share * 100).toFixed(1)}%`, fmt((r.ms * 1000) / p.load.ok2xx, 1)])]));
    }
  }
  const out = writeResults(PROFILE_ENV.MODEL_MANAGER_FAST_PATH ? 'serving-profile-fastpath-off' : 'serving-profile', {
    environment: environment(),
    connections: CONNECTIONS,
    durationS: DURATION_S,
    census,
    strapi: { load: strapi.load, profile: strapi.summary, file: strapi.file },
    koa: { load: koa.load, profile: koa.summary, file: koa.file },
  });
  log(`\nJSON: ${out}; raw profiles: ${strapi.file}, ${koa.file} (Chrome DevTools > Performance, or speedscope)`);
}

/** --wait-quiet [seconds]: before measuring, wait (up to that long, default 120 s) until other processes use < 0.25 core. */
async function maybeWaitForQuiet(): Promise<string | null> {
  const raw = process.argv.includes('--wait-quiet') || process.env.BENCH_WAIT_QUIET;
  if (!raw) return null;
  const given = Number(strOpt('wait-quiet', 'BENCH_WAIT_QUIET', '120'));
  const timeoutS = Number.isFinite(given) && given > 0 ? given : 120;
  const r = await waitForQuiet({ maxOthers: 0.25, timeoutS });
  return r.quiet
    ? `machine quiet after ${r.waitedS.toFixed(0)} s (other processes ${pct(r.others)} of a core)`
    : `WARNING: machine still busy after ${r.waitedS.toFixed(0)} s (other processes ${pct(r.others)} of a core): figures will be disturbed`;
}

async function main() {
  installExitHandlers();
  const pin = pinSelf(BENCH_CPU);
  const buildWarning = checkBuild();
  const taskset = tasksetAvailable();

  const holdout = readJsonl('partisan/holdout.jsonl');
  const texts = holdout.map((h) => h.text);
  const bodies = texts.map((text) => JSON.stringify({ text }));
  const modelPath = FOREIGN_MODEL();
  const modelBytes = new Uint8Array(fs.readFileSync(modelPath));

  log(`# Serving benchmark: ${path.basename(modelPath)}, ${texts.length} holdout texts cycled as request bodies`);
  log(`connections ${CONNECTIONS}, duration ${DURATION_S} s per target after ${WARMUP_S} s warm-up; onnxruntime 1 intra-op / 1 inter-op thread everywhere`);
  log(taskset ? `pinning: servers on CPU ${SERVER_CPU} (taskset -c ${SERVER_CPU}); ${pin.note}` : `pinning: taskset UNAVAILABLE - servers and bench are NOT pinned`);
  if (!pin.pinned && taskset) log(`WARNING: ${pin.note}`);
  if (buildWarning) log(buildWarning);
  const quiet = await maybeWaitForQuiet();
  if (quiet) log(quiet);

  if (PROFILE) {
    await profileMode(modelBytes, modelPath, bodies);
    return;
  }

  // (a) in-process
  progress('in-process: opening a session');
  const session = await openSession(modelBytes);
  const labels = session.classLabels;
  await inProcessLoop(session, texts, WARMUP_S, 600);
  let loop: Awaited<ReturnType<typeof inProcessLoop>>;
  let loopCpu: CpuWindow;
  let loopAttempts = 0;
  for (;;) {
    progress(`in-process: ${DURATION_S} s, one call at a time`);
    const loopMeter = new CpuMeter([]).start();
    loop = await inProcessLoop(session, texts, DURATION_S);
    loopCpu = loopMeter.stop();
    loopAttempts += 1;
    progress(`in-process: ${fmtInt(loop.calls / loop.seconds)} calls/s; CPU: ${describeCpu(loopCpu)}`);
    if (loopCpu.others <= DISTURBED || loopAttempts > RETRIES) break;
    await settle('in-process', []);
  }
  const inProcess: Target = {
    name: 'in-process onnxruntime (1 call in flight)',
    rps: loop.calls / loop.seconds,
    latency: summarize(loop.latency),
    ok: loop.calls,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    cpu: loopCpu,
    attempts: loopAttempts,
  };

  // references for correctness checks
  const checkIdx = Array.from({ length: 20 }, (_, k) => Math.floor((k * texts.length) / 20));
  const checkRows = new Float32Array(checkIdx.length * labels.length);
  for (let k = 0; k < checkIdx.length; k += 1) checkRows.set(await session.predict([texts[checkIdx[k]]]), k * labels.length);
  const warnings: string[] = [];
  const correctness: Record<string, number> = {};
  const checkSingles = async (name: string, url: string, headers: Record<string, string>, unwrap: (j: any) => any) => {
    const answers = [];
    for (const i of checkIdx) {
      const r = await postJson(url, JSON.stringify({ text: texts[i] }), headers);
      if (r.status !== 200) throw new Error(`${name}: correctness request answered ${r.status}: ${r.text.slice(0, 300)}`);
      answers.push(unwrap(JSON.parse(r.text)));
    }
    const d = maxDiff(answers, checkRows, labels);
    correctness[name] = d;
    if (!(d <= TOLERANCE)) warnings.push(`${name}: probabilities differ from in-process by up to ${d} (> ${TOLERANCE}) on ${checkIdx.length} texts`);
  };

  // batch, in-process
  progress(`batch in-process: ${BATCH_RUNS} runs of ${texts.length} texts (one run, then chunks of ${CHUNK})`);
  const hwmBefore = readMemory(process.pid)?.hwmKiB ?? NaN;
  const inProcOne = await timeRuns(BATCH_RUNS, () => session.predict(texts), 'in-process: one session.run');
  const hwmAfter = readMemory(process.pid)?.hwmKiB ?? NaN;
  const inProcChunked = await timeRuns(BATCH_RUNS, async () => {
    for (let s = 0; s < texts.length; s += CHUNK) await session.predict(texts.slice(s, s + CHUNK));
  }, `in-process: runs of ${CHUNK} (as the plugin)`);

  // (b) Koa
  progress('starting the Koa server');
  const koaServer = await startKoa(modelPath);
  const koa = koaServer.proc;
  const koaBase = koaServer.base;
  await checkSingles('Koa', `${koaBase}/predict`, {}, (j) => j);
  const koaTarget = await loadTest('Koa + onnxruntime', `${koaBase}/predict`, {}, bodies, koa.pid);
  progress('batch Koa');
  const koaBatchBody = JSON.stringify({ texts });
  const koaBatch = await timeRuns(BATCH_RUNS, async () => {
    const r = await postJson(`${koaBase}/predict`, koaBatchBody);
    if (r.status !== 200) throw new Error(`Koa batch: HTTP ${r.status}`);
  }, `Koa {texts} (runs of ${CHUNK})`, [koa.pid]);
  const koaHwm = readMemory(koa.pid)?.hwmKiB ?? NaN;
  await koa.stop();

  // (c) Strapi: as configured by default, and with the predict fast path off when the build has one
  const fastPathKnown = fs.readFileSync(path.join(REPO_ROOT, 'dist', 'config', 'plugins.js'), 'utf8').includes('MODEL_MANAGER_FAST_PATH');
  const variants: Array<{ key: string; name: string; env: Record<string, string> }> = [
    { key: 'strapi', name: fastPathKnown ? 'Strapi REST (API token), default config' : 'Strapi REST (API token)', env: {} },
  ];
  if (fastPathKnown && !flag('no-fast-path-off')) {
    variants.push({ key: 'strapi-fastpath-off', name: 'Strapi REST (API token), MODEL_MANAGER_FAST_PATH=false', env: { MODEL_MANAGER_FAST_PATH: 'false' } });
  }
  const strapiRuns: StrapiRun[] = [];
  for (const v of variants) {
    strapiRuns.push(await strapiPhase(v, modelBytes, bodies, texts, session, inProcOne, checkSingles, correctness, warnings));
  }
  await session.release();

  // ---- report
  const targets = [inProcess, koaTarget, ...strapiRuns.map((r) => r.target)];
  log('\n## Single-text predict');
  log(
    table([
      ['target', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'mean ms', 'max ms', '2xx/ok', 'non-2xx', 'errors', 'timeouts', 'server CPU', 'bench CPU', 'others CPU', 'tries'],
      ...targets.map((t) => [
        t.name, fmtInt(t.rps), fmt(t.latency.p50, 3), fmt(t.latency.p90, 3), fmt(t.latency.p99, 3), fmt(t.latency.mean, 3), fmt(t.latency.max, 1),
        fmtInt(t.ok), String(t.non2xx), String(t.errors), String(t.timeouts), t === inProcess ? '-' : pct(t.cpu.server), pct(t.cpu.bench),
        `${pct(t.cpu.others)}${disturbed(t) ? ' DISTURBED' : ''}`, String(t.attempts ?? 1),
      ]),
    ])
  );
  log(`(CPU columns: share of one core during the measured window; "others CPU" = every other process on this shared machine; above ${DISTURBED} core a window counts as DISTURBED and is measured again, up to ${RETRIES} more times - "tries")`);
  const ratios: Record<string, number> = { koaOverInProcess: koaTarget.rps / inProcess.rps };
  for (const r of strapiRuns) {
    const ratio = r.target.rps / koaTarget.rps;
    ratios[`${r.key}OverKoa`] = ratio;
    const unsure = disturbed(r.target) || disturbed(koaTarget) ? '  [DISTURBED by other processes: NOT trustworthy, rerun]' : '';
    log(`${r.target.name} / Koa throughput: ${fmt(ratio, 3)}x   (p50 ${fmt(r.target.latency.p50 / koaTarget.latency.p50, 2)}x Koa's)${ratio < 0.8 ? '  < 0.8x: see `npm run bench:serving -- --profile`' : ''}${unsure}`);
    if (r.fastPathAnswered !== null) log(`   answered by the fast path (Server-Timing: fastpath): ${r.fastPathAnswered ? 'yes' : 'no'}`);
  }
  log(`Koa / in-process: ${fmt(ratios.koaOverInProcess, 3)}x`);
  log(`server peak RSS (VmHWM): Koa ${fmtInt(koaHwm / 1024)} MiB, ${strapiRuns.map((r) => `${r.key} ${fmtInt(r.hwmKiB / 1024)} MiB`).join(', ')}`);
  if (strapiRuns.length > 1) {
    const [a, b] = strapiRuns;
    const onlyA = a.headers.filter((h) => !b.headers.includes(h));
    const onlyB = b.headers.filter((h) => !a.headers.includes(h));
    log(`response headers only in ${a.key}: ${onlyA.join(', ') || '(none)'}; only in ${b.key}: ${onlyB.join(', ') || '(none)'}`);
  }

  const othersCell = (name: string) => (batchOthers[name] === undefined ? '' : `${pct(batchOthers[name])}${batchOthers[name] > DISTURBED ? ' DISTURBED' : ''}`);
  const row = (name: string, n: number, xs: number[]) => [name, String(n), fmt(median(xs), 1), fmt(Math.min(...xs), 1), fmt(Math.max(...xs), 1), xs.map((x) => fmt(x, 0)).join(' '), othersCell(name)];
  const batchRowsOut: string[][] = [
    ['batch', 'texts', 'median ms', 'min ms', 'max ms', `runs (ms, after 1 warm-up)`, 'others CPU'],
    row('in-process: one session.run', texts.length, inProcOne),
    row(`in-process: runs of ${CHUNK} (as the plugin)`, texts.length, inProcChunked),
    row(`Koa {texts} (runs of ${CHUNK})`, texts.length, koaBatch),
  ];
  for (const r of strapiRuns) {
    if (r.batchSize === 0) continue;
    const label = r.batchSize === texts.length ? `${r.key} {texts}` : `${r.key} {texts} (LARGEST BATCH THAT PASSED: ${r.batchSize})`;
    batchRowsOut.push(row(label, r.batchSize, r.batchMs));
    if (r.batchSize !== texts.length) batchRowsOut.push(row('in-process: one session.run', r.batchSize, r.inProcAtSizeMs));
  }
  log(`\n## Batch: ${texts.length} holdout texts in one request (${fmtInt(Buffer.byteLength(JSON.stringify({ texts })))} bytes of JSON), median of ${BATCH_RUNS}`);
  log(table(batchRowsOut));
  for (const r of strapiRuns) {
    if (r.batchSize === 0) {
      log(`${r.key}: NO batch passed (${r.refused.map((x) => `${x.size}: HTTP ${x.status}`).join(', ')})`);
      continue;
    }
    const batchRatio = median(r.batchMs) / median(r.inProcAtSizeMs);
    ratios[`${r.key}BatchOverInProcess`] = batchRatio;
    log(`${r.key} batch / in-process one run: ${fmt(batchRatio, 2)}x (target <= 1.3x: ${batchRatio <= 1.3 ? 'MET' : 'NOT MET'})${r.batchSize !== texts.length ? ` - at ${r.batchSize} texts, NOT the full ${texts.length}` : ''}`);
    for (const x of r.refused) log(`   ${r.key} refused ${x.size} texts: HTTP ${x.status} ${x.message}`);
  }
  log(`in-process one run of ${texts.length}: bench VmHWM ${fmtInt(hwmBefore / 1024)} -> ${fmtInt(hwmAfter / 1024)} MiB (the graph builds dense N x vocabulary tensors; runs of ${CHUNK} avoid it)`);

  log(`\ncorrectness (max |p - in-process|, ${checkIdx.length} single texts; batch: all texts): ${Object.entries(correctness).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ')}`);
  if (warnings.length) {
    log('\n' + '!'.repeat(72));
    for (const w of warnings) log(`!!! WRONG ANSWERS: ${w}`);
    log('!'.repeat(72));
  }

  const out = writeResults('serving', {
    environment: environment(),
    settings: { connections: CONNECTIONS, durationS: DURATION_S, warmupS: WARMUP_S, batchRuns: BATCH_RUNS, model: path.basename(modelPath), texts: texts.length },
    pinning: { taskset, serverCpu: SERVER_CPU, bench: pin },
    buildWarning,
    single: targets.map(({ load, ...t }) => ({ ...t, statusCounts: load?.statusCounts, autocannon: load?.autocannon })),
    ratios,
    batch: {
      texts: texts.length,
      inProcessOneRunMs: inProcOne,
      inProcessChunkedMs: inProcChunked,
      koaMs: koaBatch,
      strapi: strapiRuns.map(({ target, ...r }) => r),
    },
    batchOthersCpu: batchOthers,
    memory: { koaHwmKiB: koaHwm, benchHwmBeforeBatchKiB: hwmBefore, benchHwmAfterBatchKiB: hwmAfter },
    correctness,
    warnings,
  });
  log(`\nJSON: ${out}`);
}

interface StrapiRun {
  key: string;
  target: Target;
  batchSize: number;
  batchMs: number[];
  inProcAtSizeMs: number[];
  refused: { size: number; status: number; message: string }[];
  hwmKiB: number;
  bootMs: number;
  fastPathAnswered: boolean | null;
  headers: string[];
}

async function strapiPhase(
  v: { key: string; name: string; env: Record<string, string> },
  modelBytes: Uint8Array,
  bodies: string[],
  texts: string[],
  session: Session,
  inProcOneRunMs: number[],
  checkSingles: (name: string, url: string, headers: Record<string, string>, unwrap: (j: any) => any) => Promise<void>,
  correctness: Record<string, number>,
  warnings: string[]
): Promise<StrapiRun> {
  const { server, creds } = await setupStrapi(modelBytes, undefined, v.env);
  const url = `${server.base}/api/model-manager/models/${SLUG}/predict`;
  const auth = { authorization: `Bearer ${creds.apiToken}` };
  await checkSingles(v.key, url, auth, (j) => j.data);
  const probe = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: bodies[0] });
  await probe.text();
  const headers = [...probe.headers.keys()].sort();
  const timing = probe.headers.get('server-timing');
  const target = await loadTest(v.name, url, auth, bodies, server.pid);

  // batch: all texts in one request, else the largest size that passes
  progress(`${v.key}: batch`);
  const sizes = [texts.length, 1000, 800, 600, 400, 200, 100, 50].filter((n) => n <= texts.length);
  let batchSize = 0;
  const refused: StrapiRun['refused'] = [];
  let body = '';
  for (const n of sizes) {
    body = JSON.stringify({ texts: texts.slice(0, n) });
    const r = await postJson(url, body, auth);
    if (r.status === 200) {
      batchSize = n;
      const answers = JSON.parse(r.text).data as Array<{ probabilities: Record<string, number> }>;
      const ref = await session.predict(texts.slice(0, n));
      const d = maxDiff(answers, ref, session.classLabels);
      correctness[`${v.key} batch`] = d;
      if (!(d <= TOLERANCE)) warnings.push(`${v.key} batch: probabilities differ from in-process by up to ${d}`);
      break;
    }
    refused.push({ size: n, status: r.status, message: r.text.slice(0, 200) });
    progress(`${v.key} refused a batch of ${n} texts (${Buffer.byteLength(body)} bytes): HTTP ${r.status} ${r.text.slice(0, 200)}`);
  }
  let batchMs: number[] = [];
  let inProcAtSizeMs: number[] = [];
  if (batchSize > 0) {
    batchMs = await timeRuns(BATCH_RUNS, async () => {
      const r = await postJson(url, body, auth);
      if (r.status !== 200) throw new Error(`${v.key} batch: HTTP ${r.status}`);
    }, `${v.key} {texts}`, [server.pid]);
    if (batchSize !== texts.length) {
      const part = texts.slice(0, batchSize);
      inProcAtSizeMs = await timeRuns(BATCH_RUNS, () => session.predict(part));
    } else {
      inProcAtSizeMs = inProcOneRunMs; // the same reference for every variant
    }
  }
  const hwmKiB = readMemory(server.pid)?.hwmKiB ?? NaN;
  await server.stop();
  removeDb(server.dbFile);
  return {
    key: v.key,
    target,
    batchSize,
    batchMs,
    inProcAtSizeMs,
    refused,
    hwmKiB,
    bootMs: server.bootMs,
    fastPathAnswered: timing === null ? (Object.keys(v.env).length ? false : null) : /fastpath/.test(timing),
    headers,
  };
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(`[serving] FAILED: ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  });
