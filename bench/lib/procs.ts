/**
 * Child processes of a bench come from the shared harness (harness/app-process.js: spawned,
 * optionally pinned with taskset, killed when the bench exits); here: cleanups run on exit and
 * signals, CPU pinning of the bench itself, and RSS sampling from /proc.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import {
  freePort,
  spawnChild,
  tasksetAvailable,
  waitForHttp,
  type SpawnedChild,
  type SpawnOptions,
} from '../../harness/app-process';

export { freePort, tasksetAvailable, waitForHttp, type SpawnedChild };

const cleanups: Array<() => void> = [];
let handlersInstalled = false;

function cleanUp() {
  for (const cleanup of cleanups.splice(0)) {
    try {
      cleanup();
    } catch {
      // best effort
    }
  }
}

/** Runs cleanups on exit, SIGINT, SIGTERM and uncaught errors (the harness kills the children on exit). */
export function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.error(`\n[bench] ${signal}: stopping child processes`);
      process.exit(130);
    });
  }
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.on(event, (error) => {
      console.error(`[bench] ${event}:`, error);
      process.exit(1);
    });
  }
}

/** Runs at exit (also on error or signal), e.g. to delete a database file. */
export function onCleanup(fn: () => void) {
  cleanups.push(fn);
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

/** A tracked child (see the harness); `label` names it in error reports. */
export function spawnTracked(
  command: string,
  args: string[],
  options: SpawnOptions & { label: string }
): SpawnedChild {
  installExitHandlers();
  return spawnChild(command, args, options);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
