/**
 * What /proc says about a process over a measurement window: its resident memory, and the CPU it
 * and every OTHER process used (the machine is shared: a concurrent build or test run skews every
 * figure, so each window reports it).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const statusField = (pid: number, field: string): number => {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s*(\\d+)`).exec(status)?.[1] ?? NaN);
  } catch {
    return NaN;
  }
};
/** Resident memory now, and its peak (VmHWM), in KiB; NaN once the process is gone. */
export const rssKiB = (pid: number) => statusField(pid, 'VmRSS');
export const hwmKiB = (pid: number) => statusField(pid, 'VmHWM');
export const mibOf = (kib: number) => Math.round(kib / 1024);

/** Parent pid of each process. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      out.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Resident memory of every process descended from `pid` (not its own), in KiB: 0 when there are none. */
export function descendantsRssKiB(pid: number): number {
  const parentOf = parents();
  const isUnder = (p: number): boolean => {
    for (let at = parentOf.get(p); at !== undefined && at > 1; at = parentOf.get(at))
      if (at === pid) return true;
    return false;
  };
  return [...parentOf.keys()].filter(isUnder).reduce((sum, p) => sum + (rssKiB(p) || 0), 0);
}

/** Samples VmRSS every 100 ms; `peak()` is the highest since `start()` or the last `reset()`. */
export function rssSampler(pid: number) {
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, rssKiB(pid) || 0);
    return peak;
  };
  const timer = setInterval(sample, 100).unref();
  return {
    reset() {
      peak = 0;
      sample();
    },
    peak: sample,
    stop: () => clearInterval(timer),
  };
}

const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** utime + stime of a process (all its threads), in seconds; NaN when it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime, stime after "pid (comm) "
  } catch {
    return NaN;
  }
}

/** Busy seconds of all CPUs since boot (user+nice+system+irq+softirq+steal). */
function busySeconds(): number {
  const [, user, nice, system, , , irq, softirq, steal] = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .split(/\s+/)
    .map(Number);
  return (user + nice + system + irq + softirq + (steal || 0)) / TICKS;
}

/** Cores used by the server pids and by every other process but this one, from start to stop. */
export function cpuWindow(serverPids: number[]) {
  const serverNow = () => serverPids.reduce((s, p) => s + cpuSeconds(p), 0);
  const t0 = performance.now();
  const [server0, bench0, busy0] = [serverNow(), cpuSeconds(process.pid), busySeconds()];
  return () => {
    const seconds = (performance.now() - t0) / 1000;
    const server = (serverNow() - server0) / seconds;
    const bench = (cpuSeconds(process.pid) - bench0) / seconds;
    const others = Math.max(0, (busySeconds() - busy0) / seconds - server - bench);
    return { server, others };
  };
}

/**
 * RSS after full collections, asked of a server started with `--inspect=127.0.0.1:port` through
 * the inspector's HeapProfiler.collectGarbage: what the process keeps, without the garbage V8
 * collects only when it needs room (at Node's default heap sizing, often not while idle).
 */
export async function collectedRssKiB(pid: number, inspectPort: number): Promise<number> {
  const [target] = (await (
    await fetch(`http://127.0.0.1:${inspectPort}/json/list`)
  ).json()) as Array<{
    webSocketDebuggerUrl: string;
  }>;
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  for (let id = 1; id <= 3; id += 1)
    await new Promise((resolve) => {
      socket.onmessage = resolve;
      socket.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
    });
  socket.close();
  return rssKiB(pid);
}
