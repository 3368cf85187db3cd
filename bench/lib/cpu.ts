/**
 * CPU accounting over a measurement window, from /proc: how busy the server and the bench
 * processes were, and how much CPU OTHER processes on the machine used meanwhile (the machine
 * is shared: a concurrent build or test run skews every figure, so each window reports it).
 */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

let ticksPerSecond = 100;
try {
  ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // keep the Linux default
}

/** utime + stime of a process (all its threads), in seconds; NaN when it is gone. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // after "pid (comm) ": state is field 0; utime is field 11, stime field 12
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return NaN;
  }
}

/** Busy seconds per CPU since boot (user+nice+system+irq+softirq+steal). */
export function cpuBusySeconds(): number[] {
  try {
    return fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .filter((l) => /^cpu\d+ /.test(l))
      .map((l) => {
        const [, user, nice, system, , , irq, softirq, steal] = l.split(/\s+/).map(Number);
        return (user + nice + system + irq + softirq + (steal || 0)) / ticksPerSecond;
      });
  } catch {
    return [];
  }
}

export interface CpuWindow {
  seconds: number;
  /** Share of one core, 0..1 (or more for multi-threaded work). */
  server: number;
  bench: number;
  /** Busy share of each CPU over the window, 0..1. */
  perCpu: number[];
  /** CPU-seconds per second used by every other process (two cores: 0..2). */
  others: number;
}

export class CpuMeter {
  private t0 = 0;
  private server0 = 0;
  private bench0 = 0;
  private busy0: number[] = [];

  constructor(private readonly serverPids: number[]) {}

  start(): this {
    this.t0 = performance.now();
    this.server0 = this.serverPids.reduce((s, p) => s + processCpuSeconds(p), 0);
    this.bench0 = processCpuSeconds(process.pid);
    this.busy0 = cpuBusySeconds();
    return this;
  }

  stop(): CpuWindow {
    const seconds = (performance.now() - this.t0) / 1000;
    const server =
      (this.serverPids.reduce((s, p) => s + processCpuSeconds(p), 0) - this.server0) / seconds;
    const bench = (processCpuSeconds(process.pid) - this.bench0) / seconds;
    const busy = cpuBusySeconds();
    const perCpu = busy.map((b, i) => (b - (this.busy0[i] ?? 0)) / seconds);
    const total = perCpu.reduce((a, b) => a + b, 0);
    return { seconds, server, bench, perCpu, others: Math.max(0, total - server - bench) };
  }
}

export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const describeCpu = (w: CpuWindow) =>
  `server ${pct(w.server)}, bench ${pct(w.bench)}, CPUs ${w.perCpu.map((c, i) => `${i}:${pct(c)}`).join(' ')}, other processes ${pct(w.others)} of a core`;
