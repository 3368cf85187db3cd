/**
 * Child processes of a bench: spawned (optionally pinned with taskset), tracked, and always
 * killed when the bench ends, fails or is interrupted. Also CPU pinning of the bench itself,
 * free ports, health polling and RSS sampling from /proc.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

const children = new Set<ChildProcess>();
const cleanups: Array<() => void> = [];
let handlersInstalled = false;

function killAllNow() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  children.clear();
  for (const cleanup of cleanups.splice(0)) {
    try {
      cleanup();
    } catch {
      // best effort
    }
  }
}

/** Kills children and runs cleanups on exit, SIGINT, SIGTERM and uncaught errors. */
export function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.error(`\n[bench] ${signal}: stopping child processes`);
      killAllNow();
      process.exit(130);
    });
  }
  process.on('uncaughtException', (error) => {
    console.error('[bench] uncaught:', error);
    killAllNow();
    process.exit(1);
  });
  process.on('unhandledRejection', (error) => {
    console.error('[bench] unhandled rejection:', error);
    killAllNow();
    process.exit(1);
  });
}

/** Runs at exit (also on error or signal), e.g. to delete a database file. */
export function onCleanup(fn: () => void) {
  cleanups.push(fn);
}

let tasksetChecked: boolean | null = null;
export function tasksetAvailable(): boolean {
  if (tasksetChecked === null) {
    const probe = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
    tasksetChecked = probe.status === 0;
  }
  return tasksetChecked;
}

/** Pins every thread of this process (and threads it creates later) to `cpu`. */
export function pinSelf(cpu: number): { pinned: boolean; note: string } {
  if (!tasksetAvailable()) return { pinned: false, note: 'taskset unavailable: bench NOT pinned' };
  const r = spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)], {
    encoding: 'utf8',
  });
  if (r.status !== 0)
    return {
      pinned: false,
      note: `taskset -a -p failed (${(r.stderr || '').trim()}): bench NOT pinned`,
    };
  return {
    pinned: true,
    note: `bench process pinned to CPU ${cpu} (taskset -a -p); allowed: ${cpusAllowed(process.pid)}`,
  };
}

export function cpusAllowed(pid: number): string {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return /Cpus_allowed_list:\s*(\S+)/.exec(status)?.[1] ?? '?';
  } catch {
    return '?';
  }
}

export interface SpawnedChild {
  child: ChildProcess;
  pid: number;
  pinned: boolean;
  /** Last lines of stdout/stderr, for error reports. */
  tail(): string;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `command args`, pinned to `cpu` with taskset when available (taskset execs, so the pid is the program's). */
export function spawnTracked(
  command: string,
  args: string[],
  options: {
    cpu?: number;
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    label: string;
    echo?: boolean;
    onLine?: (line: string) => void;
  }
): SpawnedChild {
  installExitHandlers();
  const pin = options.cpu !== undefined && tasksetAvailable();
  const [cmd, argv] = pin
    ? ['taskset', ['-c', String(options.cpu), command, ...args]]
    : [command, args];
  const child = spawn(cmd, argv, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const lines: string[] = [];
  const partial = { out: '', err: '' };
  const keeper = (which: 'out' | 'err') => (chunk: Buffer) => {
    const parts = (partial[which] + chunk.toString('utf8')).split('\n');
    partial[which] = parts.pop() ?? '';
    for (const line of parts) {
      if (!line) continue;
      if (options.onLine) options.onLine(line);
      lines.push(line);
      if (options.echo) console.error(`[${options.label}] ${line}`);
    }
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout!.on('data', keeper('out'));
  child.stderr!.on('data', keeper('err'));
  const exited = new Promise<number | null>((resolve) => {
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
  return {
    child,
    pid: child.pid!,
    pinned: pin,
    tail: () => lines.slice(-40).join('\n'),
    exited,
    async stop(graceMs = 8000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `url` until it answers `status`; fails early if the child exits. */
export async function waitForHttp(
  url: string,
  status: number,
  child: SpawnedChild,
  timeoutMs: number
): Promise<number> {
  const start = performance.now();
  let exited = false;
  void child.exited.then(() => {
    exited = true;
  });
  while (performance.now() - start < timeoutMs) {
    if (exited)
      throw new Error(`process exited before ${url} answered; its output:\n${child.tail()}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === status) return performance.now() - start;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(
    `${url} did not answer ${status} within ${timeoutMs} ms; output:\n${child.tail()}`
  );
}

export interface MemoryReading {
  rssKiB: number;
  hwmKiB: number;
}

export function readMemory(pid: number): MemoryReading | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s*(\d+)\s*kB/.exec(status);
    const hwm = /VmHWM:\s*(\d+)\s*kB/.exec(status);
    return { rssKiB: Number(rss?.[1] ?? NaN), hwmKiB: Number(hwm?.[1] ?? NaN) };
  } catch {
    return null;
  }
}

/** Peak resident memory (VmHWM) of a process in KiB; NaN when it is gone. */
export const hwmKiB = (pid: number): number => readMemory(pid)?.hwmKiB ?? NaN;

/** Samples VmRSS every `everyMs`; `peak()` is the highest sample since the last `reset()`. */
export class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  private peakKiB = 0;
  private lastKiB = 0;

  constructor(
    private readonly pid: number,
    private readonly everyMs = 100
  ) {}

  start() {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref();
    return this;
  }

  private sample() {
    const m = readMemory(this.pid);
    if (!m) return;
    this.lastKiB = m.rssKiB;
    if (m.rssKiB > this.peakKiB) this.peakKiB = m.rssKiB;
  }

  reset() {
    this.sample();
    this.peakKiB = this.lastKiB;
  }

  peak(): number {
    this.sample();
    return this.peakKiB;
  }

  current(): number {
    this.sample();
    return this.lastKiB;
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
