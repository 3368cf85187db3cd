'use strict';
// The built app as a child process (`strapi start`): the one harness used by the tests (second
// instances, the browser suite), the benchmarks (bench/lib/strapi.ts) and the scripts (npm run
// cluster). Every child is killed when the parent exits, so a failed run leaves no server behind.
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
// The real binary, never an npx wrapper: killing a wrapper orphans the server.
const STRAPI_BIN = path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');

const children = new Set();
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

let tasksetChecked = null;
function tasksetAvailable() {
  if (tasksetChecked === null)
    tasksetChecked = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;
  return tasksetChecked;
}

/**
 * Spawns `command args`, pinned to `cpu` with taskset when asked and available (taskset execs, so
 * the pid is the program's). Output goes to `logFile` when given, else it is kept (last 200 lines)
 * for error reports and handed line by line to `onLine`.
 */
function spawnChild(command, args, options = {}) {
  const pinned = options.cpu !== undefined && tasksetAvailable();
  const [cmd, argv] = pinned
    ? ['taskset', ['-c', String(options.cpu), command, ...args]]
    : [command, args];
  const log = options.logFile ? fs.openSync(options.logFile, 'a') : null;
  const child = spawn(cmd, argv, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    stdio: log === null ? ['ignore', 'pipe', 'pipe'] : ['ignore', log, log],
  });
  if (log !== null) fs.closeSync(log);
  children.add(child);
  const lines = [];
  const partial = { out: '', err: '' };
  const keeper = (which) => (chunk) => {
    const parts = (partial[which] + chunk.toString('utf8')).split('\n');
    partial[which] = parts.pop() ?? '';
    for (const line of parts) {
      if (!line) continue;
      options.onLine?.(line);
      lines.push(line);
      if (options.echo) console.error(`[${options.label ?? 'child'}] ${line}`);
    }
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keeper('out'));
  child.stderr?.on('data', keeper('err'));
  const exited = new Promise((resolve) => {
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    });
    child.on('error', (error) => {
      lines.push(`spawn error: ${error.message}`);
      children.delete(child);
      resolve(null);
    });
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    pid: child.pid,
    pinned,
    exited,
    running,
    tail() {
      if (options.logFile && fs.existsSync(options.logFile))
        return fs.readFileSync(options.logFile, 'utf8').split('\n').slice(-40).join('\n');
      return lines.slice(-40).join('\n');
    },
    /** `signal` (SIGTERM: a graceful stop; SIGKILL: a crash), SIGKILL after `graceMs`; resolves once gone. */
    async stop(graceMs = 15_000, signal = 'SIGTERM') {
      if (!running()) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Polls `url` until it answers `status` (the condition), failing at once if the process exits;
 * `timeoutMs` only bounds a hang. Resolves with the milliseconds it took.
 */
async function waitForHttp(url, status, proc, timeoutMs = 180_000) {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (!proc.running())
      throw new Error(`process exited before ${url} answered; its output:\n${proc.tail()}`);
    const answered = await fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
      async (res) => (await res.arrayBuffer(), res.status),
      () => 0
    );
    if (answered === status) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `${url} did not answer ${status} within ${timeoutMs} ms; output:\n${proc.tail()}`
  );
}

/**
 * `strapi start` of the built app on 127.0.0.1, resolved once `/_health` answers 204. `env` goes
 * over process.env and quiet defaults (log level error, no banner, no telemetry); `port` is a free
 * one unless given; `cpu` pins it; `logFile` keeps its output on disk instead of in memory.
 */
async function startApp(options = {}) {
  const port = options.port ?? (await freePort());
  const proc = spawnChild(process.execPath, [...(options.nodeArgs ?? []), STRAPI_BIN, 'start'], {
    cpu: options.cpu,
    label: options.label ?? 'strapi',
    onLine: options.onLine,
    logFile: options.logFile,
    env: {
      ...process.env,
      STRAPI_LOG_LEVEL: 'error',
      STRAPI_TELEMETRY_DISABLED: 'true',
      STRAPI_STARTUP_BANNER: 'false',
      BROWSER: 'none',
      ...options.env,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    const bootMs = await waitForHttp(`${url}/_health`, 204, proc, options.timeoutMs ?? 180_000);
    return { url, port, pid: proc.pid, pinned: proc.pinned, bootMs, proc, stop: proc.stop };
  } catch (error) {
    await proc.stop(1_000, 'SIGKILL');
    throw error;
  }
}

module.exports = {
  ROOT,
  STRAPI_BIN,
  freePort,
  tasksetAvailable,
  spawnChild,
  waitForHttp,
  startApp,
};
