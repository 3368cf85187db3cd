/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by module
 * (npm package, node internals, app code), and inclusive ("total") time by function.
 *
 *   node bench/run-ts.js bench/lib/cpuprofile.ts /tmp/prof/CPU.xxx.cpuprofile [--top 30]
 */
import fs from 'node:fs';
import path from 'node:path';
import { table } from './stats';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Row {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  file: string;
  wallMs: number;
  sampledMs: number;
  idleMs: number;
  busyMs: number;
  topSelf: Row[];
  modules: Row[];
  topTotal: Row[];
  /** For the heaviest modules: self time split by the nearest calling frame in another package. */
  callersOf: Array<{ module: string; ms: number; callers: Row[] }>;
}

/** The module a script URL belongs to: `pkg` / `@scope/pkg` under node_modules, `node:...`, or the app path. */
export function moduleOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName.startsWith('(')) return functionName; // (program), (garbage collector), (idle), (root)
    return '(native)';
  }
  if (url.startsWith('node:'))
    return `node:${url.slice(5).split('/')[0] === 'internal' ? 'internal/' + url.slice(5).split('/')[1] : url.slice(5)}`;
  const clean = url.replace(/^file:\/\//, '');
  const idx = clean.lastIndexOf('/node_modules/');
  if (idx >= 0) {
    const parts = clean.slice(idx + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const dist = clean.indexOf('/dist/');
  if (dist >= 0)
    return `app:${clean
      .slice(dist + 1)
      .split('/')
      .slice(0, 6)
      .join('/')}`;
  return `app:${path.basename(clean)}`;
}

function frameKey(f: CallFrame): string {
  const where = f.url ? `${shortUrl(f.url)}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'}${where ? ' ' + where : ''}`;
}

function shortUrl(url: string): string {
  const clean = url.replace(/^file:\/\//, '');
  const idx = clean.lastIndexOf('/node_modules/');
  if (idx >= 0) return clean.slice(idx + '/node_modules/'.length);
  const dist = clean.indexOf('/dist/');
  if (dist >= 0) return clean.slice(dist + 1);
  return clean;
}

/**
 * `window`: only samples taken between these two instants (µs of CLOCK_MONOTONIC, the clock of
 * `process.hrtime` in any process on the machine, which V8's profile timestamps also use).
 */
export function analyzeProfile(
  file: string,
  top = 30,
  window?: { fromUs: number; toUs: number }
): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) byId.set(node.id, node);
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);

  const selfUs = new Map<number, number>();
  let sampledUs = 0;
  let clock = profile.startTime;
  let firstUs = Infinity;
  let lastUs = -Infinity;
  for (let i = 0; i < profile.samples.length; i += 1) {
    const delta = profile.timeDeltas[i] ?? 0;
    clock += delta;
    if (window && (clock < window.fromUs || clock > window.toUs)) continue;
    firstUs = Math.min(firstUs, clock);
    lastUs = Math.max(lastUs, clock);
    // a sample's delta is the time since the previous sample; attribute it to this sample
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + delta);
    sampledUs += delta;
  }

  const selfByFn = new Map<string, number>();
  const byCaller = new Map<string, Map<string, number>>();
  const isGlue = (m: string) => m.startsWith('node:') || m === '(native)';
  const selfByModule = new Map<string, number>();
  const totalByFn = new Map<string, number>();
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const f = node.callFrame;
    if (f.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    selfByFn.set(frameKey(f), (selfByFn.get(frameKey(f)) ?? 0) + us);
    const mod = moduleOf(f.url, f.functionName);
    selfByModule.set(mod, (selfByModule.get(mod) ?? 0) + us);
    // nearest frame up the stack that belongs to another package (skipping node internals)
    let up = parent.get(id);
    let caller = '(top of stack: async continuation or event loop)';
    while (up !== undefined) {
      const frame = byId.get(up)!.callFrame;
      const m = moduleOf(frame.url, frame.functionName);
      if (m !== mod && !isGlue(m) && frame.functionName !== '(root)') {
        caller = `${m}: ${frameKey(frame)}`;
        break;
      }
      up = parent.get(up);
    }
    const callers = byCaller.get(mod) ?? new Map<string, number>();
    callers.set(caller, (callers.get(caller) ?? 0) + us);
    byCaller.set(mod, callers);
    // inclusive: every distinct function on this node's stack
    const seen = new Set<string>();
    let cursor: number | undefined = id;
    while (cursor !== undefined) {
      const frame = byId.get(cursor)!.callFrame;
      if (frame.functionName !== '(root)') {
        const key = frameKey(frame);
        if (!seen.has(key)) {
          seen.add(key);
          totalByFn.set(key, (totalByFn.get(key) ?? 0) + us);
        }
      }
      cursor = parent.get(cursor);
    }
  }
  const busyUs = sampledUs - idleUs;
  const rows = (m: Map<string, number>, n: number): Row[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: us / 1000, share: busyUs ? us / busyUs : 0 }));
  return {
    file,
    wallMs: window ? (lastUs - firstUs) / 1000 : (profile.endTime - profile.startTime) / 1000,
    sampledMs: sampledUs / 1000,
    idleMs: idleUs / 1000,
    busyMs: busyUs / 1000,
    topSelf: rows(selfByFn, top),
    modules: rows(selfByModule, top),
    topTotal: rows(totalByFn, top),
    callersOf: rows(selfByModule, 10)
      .filter((r) => !isGlue(r.name) && !r.name.startsWith('('))
      .slice(0, 8)
      .map((r) => ({ module: r.name, ms: r.ms, callers: rows(byCaller.get(r.name)!, 5) })),
  };
}

export function printProfile(s: ProfileSummary, perRequestDivisor?: number) {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const perReq = (ms: number) =>
    perRequestDivisor ? `${((ms * 1000) / perRequestDivisor).toFixed(1)}` : '';
  const head = perRequestDivisor ? ['ms', '% busy', 'µs/request'] : ['ms', '% busy'];
  const render = (title: string, rows: Row[]) => {
    console.log(`\n${title}`);
    console.log(
      table([
        ['function / module', ...head],
        ...rows.map((r) => [
          r.name.slice(0, 110),
          r.ms.toFixed(0),
          pct(r.share),
          ...(perRequestDivisor ? [perReq(r.ms)] : []),
        ]),
      ])
    );
  };
  console.log(
    `\nprofile ${s.file}: wall ${s.wallMs.toFixed(0)} ms, busy ${s.busyMs.toFixed(0)} ms, idle ${s.idleMs.toFixed(0)} ms`
  );
  render('Self time by module (busy time only)', s.modules);
  render('Self time by function', s.topSelf);
  render(
    'Total (inclusive) time by function (synchronous stacks only: time after an await is not attributed to the caller)',
    s.topTotal
  );
  console.log(
    '\nWho calls the heaviest modules (their self time split by the nearest frame in another package)'
  );
  const rowsOut: string[][] = [
    ['module <- caller', 'ms', '% busy', ...(perRequestDivisor ? ['µs/request'] : [])],
  ];
  for (const c of s.callersOf) {
    rowsOut.push([
      `${c.module}`,
      c.ms.toFixed(0),
      '',
      ...(perRequestDivisor ? [perReq(c.ms)] : []),
    ]);
    for (const r of c.callers)
      rowsOut.push([
        `   <- ${r.name.slice(0, 105)}`,
        r.ms.toFixed(0),
        pct(r.share),
        ...(perRequestDivisor ? [perReq(r.ms)] : []),
      ]);
  }
  console.log(table(rowsOut));
}

/**
 * `node --cpu-prof` writes its profiles only when the process exits, one per thread, named
 * CPU.<date>.<time>.<pid>.<thread id>.<sequence>.cpuprofile: remember what a directory held before
 * the run, then `written()` is what that run wrote, the main thread's (thread id 0) first.
 */
export function profileDir(dir: string): {
  dir: string;
  written(): { main: string | null; workers: string[] };
} {
  fs.mkdirSync(dir, { recursive: true });
  const before = new Set(fs.readdirSync(dir));
  return {
    dir,
    written() {
      const files = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.cpuprofile') && !before.has(f))
        .sort();
      const isMain = (f: string) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f);
      const main = files.filter(isMain).pop();
      return {
        main: main ? path.join(dir, main) : null,
        workers: files.filter((f) => !isMain(f)).map((f) => path.join(dir, f)),
      };
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  const file = process.argv[2];
  if (!file) {
    console.error(
      'usage: node bench/run-ts.js bench/lib/cpuprofile.ts <file.cpuprofile> [--top N] [--requests N]'
    );
    process.exit(2);
  }
  const topIdx = process.argv.indexOf('--top');
  const reqIdx = process.argv.indexOf('--requests');
  printProfile(
    analyzeProfile(file, topIdx > 0 ? Number(process.argv[topIdx + 1]) : 30),
    reqIdx > 0 ? Number(process.argv[reqIdx + 1]) : undefined
  );
}
