/** The serving bench's printed report and its JSON (bench/results/serving.json). */
import path from 'node:path';
import { log, othersCell } from '../lib/bench';
import { pct } from '../lib/cpu';
import { environment, writeResults } from '../lib/results';
import { fmt, fmtInt, median, table } from '../lib/stats';
import { batchOthers, disturbed, type Correctness, type Target } from './measure';
import {
  BATCH_RUNS,
  CHUNK,
  CONNECTIONS,
  DISTURBED,
  DURATION_S,
  RETRIES,
  SERVER_CPU,
  WARMUP_S,
} from './options';
import type { StrapiRun } from './strapi-phase';

export interface ServingFigures {
  texts: string[];
  modelPath: string;
  pinning: { taskset: boolean; pin: { pinned: boolean; note: string } };
  buildWarning: string | null;
  inProcess: Target;
  koa: Target;
  strapiRuns: StrapiRun[];
  batch: { inProcOne: number[]; inProcChunked: number[]; koa: number[] };
  memory: { koaHwm: number; hwmBefore: number; hwmAfter: number };
  correctness: Correctness;
}

function printSingle(f: ServingFigures, ratios: Record<string, number>) {
  const targets = [f.inProcess, f.koa, ...f.strapiRuns.map((r) => r.target)];
  log('\n## Single-text predict');
  log(
    table([
      [
        'target',
        'req/s',
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'mean ms',
        'max ms',
        '2xx/ok',
        'non-2xx',
        'errors',
        'timeouts',
        'server CPU',
        'bench CPU',
        'others CPU',
        'tries',
      ],
      ...targets.map((t) => [
        t.name,
        fmtInt(t.rps),
        fmt(t.latency.p50, 3),
        fmt(t.latency.p90, 3),
        fmt(t.latency.p99, 3),
        fmt(t.latency.mean, 3),
        fmt(t.latency.max, 1),
        fmtInt(t.ok),
        String(t.non2xx),
        String(t.errors),
        String(t.timeouts),
        t === f.inProcess ? '-' : pct(t.cpu.server),
        pct(t.cpu.bench),
        othersCell(t.cpu.others, DISTURBED),
        String(t.attempts ?? 1),
      ]),
    ])
  );
  log(
    `(CPU columns: share of one core during the measured window; "others CPU" = every other process on this shared machine; above ${DISTURBED} core a window counts as DISTURBED and is measured again, up to ${RETRIES} more times - "tries")`
  );
  ratios.koaOverInProcess = f.koa.rps / f.inProcess.rps;
  for (const r of f.strapiRuns) {
    const ratio = r.target.rps / f.koa.rps;
    ratios[`${r.key}OverKoa`] = ratio;
    const unsure =
      disturbed(r.target) || disturbed(f.koa)
        ? '  [DISTURBED by other processes: NOT trustworthy, rerun]'
        : '';
    log(
      `${r.target.name} / Koa throughput: ${fmt(ratio, 3)}x   (p50 ${fmt(r.target.latency.p50 / f.koa.latency.p50, 2)}x Koa's)${ratio < 0.8 ? '  < 0.8x: see `npm run bench:serving -- --profile`' : ''}${unsure}`
    );
    if (r.fastPathAnswered !== null)
      log(
        `   answered by the fast path (Server-Timing: fastpath): ${r.fastPathAnswered ? 'yes' : 'no'}`
      );
  }
  log(`Koa / in-process: ${fmt(ratios.koaOverInProcess, 3)}x`);
  log(
    `server peak RSS (VmHWM): Koa ${fmtInt(f.memory.koaHwm / 1024)} MiB, ${f.strapiRuns.map((r) => `${r.key} ${fmtInt(r.hwmKiB / 1024)} MiB`).join(', ')}`
  );
  if (f.strapiRuns.length > 1) {
    const [a, b] = f.strapiRuns;
    const onlyA = a.headers.filter((h) => !b.headers.includes(h));
    const onlyB = b.headers.filter((h) => !a.headers.includes(h));
    log(
      `response headers only in ${a.key}: ${onlyA.join(', ') || '(none)'}; only in ${b.key}: ${onlyB.join(', ') || '(none)'}`
    );
  }
}

function printBatch(f: ServingFigures, ratios: Record<string, number>) {
  const { texts, batch } = f;
  const othersOf = (name: string) =>
    batchOthers[name] === undefined ? '' : othersCell(batchOthers[name], DISTURBED);
  const row = (name: string, n: number, xs: number[]) => [
    name,
    String(n),
    fmt(median(xs), 1),
    fmt(Math.min(...xs), 1),
    fmt(Math.max(...xs), 1),
    xs.map((x) => fmt(x, 0)).join(' '),
    othersOf(name),
  ];
  const rows: string[][] = [
    ['batch', 'texts', 'median ms', 'min ms', 'max ms', `runs (ms, after 1 warm-up)`, 'others CPU'],
    row('in-process: one session.run', texts.length, batch.inProcOne),
    row(`in-process: runs of ${CHUNK} (as the plugin)`, texts.length, batch.inProcChunked),
    row(`Koa {texts} (runs of ${CHUNK})`, texts.length, batch.koa),
  ];
  for (const r of f.strapiRuns) {
    if (r.batchSize === 0) continue;
    const label =
      r.batchSize === texts.length
        ? `${r.key} {texts}`
        : `${r.key} {texts} (LARGEST BATCH THAT PASSED: ${r.batchSize})`;
    rows.push(row(label, r.batchSize, r.batchMs));
    if (r.batchSize !== texts.length)
      rows.push(row('in-process: one session.run', r.batchSize, r.inProcAtSizeMs));
  }
  log(
    `\n## Batch: ${texts.length} holdout texts in one request (${fmtInt(Buffer.byteLength(JSON.stringify({ texts })))} bytes of JSON), median of ${BATCH_RUNS}`
  );
  log(table(rows));
  for (const r of f.strapiRuns) {
    if (r.batchSize === 0) {
      log(
        `${r.key}: NO batch passed (${r.refused.map((x) => `${x.size}: HTTP ${x.status}`).join(', ')})`
      );
      continue;
    }
    const batchRatio = median(r.batchMs) / median(r.inProcAtSizeMs);
    ratios[`${r.key}BatchOverInProcess`] = batchRatio;
    log(
      `${r.key} batch / in-process one run: ${fmt(batchRatio, 2)}x (target <= 1.3x: ${batchRatio <= 1.3 ? 'MET' : 'NOT MET'})${r.batchSize !== texts.length ? ` - at ${r.batchSize} texts, NOT the full ${texts.length}` : ''}`
    );
    for (const x of r.refused)
      log(`   ${r.key} refused ${x.size} texts: HTTP ${x.status} ${x.message}`);
  }
  log(
    `in-process one run of ${texts.length}: bench VmHWM ${fmtInt(f.memory.hwmBefore / 1024)} -> ${fmtInt(f.memory.hwmAfter / 1024)} MiB (the graph builds dense N x vocabulary tensors; runs of ${CHUNK} avoid it)`
  );
}

export function report(f: ServingFigures) {
  const ratios: Record<string, number> = {};
  printSingle(f, ratios);
  printBatch(f, ratios);
  const c = f.correctness;
  log(
    `\ncorrectness (max |p - in-process|, ${c.checkIdx.length} single texts; batch: all texts): ${Object.entries(
      c.maxDiff
    )
      .map(([k, v]) => `${k} ${v.toExponential(2)}`)
      .join(', ')}`
  );
  if (c.warnings.length) {
    log('\n' + '!'.repeat(72));
    for (const w of c.warnings) log(`!!! WRONG ANSWERS: ${w}`);
    log('!'.repeat(72));
  }

  const targets = [f.inProcess, f.koa, ...f.strapiRuns.map((r) => r.target)];
  const out = writeResults('serving', {
    environment: environment(),
    settings: {
      connections: CONNECTIONS,
      durationS: DURATION_S,
      warmupS: WARMUP_S,
      batchRuns: BATCH_RUNS,
      model: path.basename(f.modelPath),
      texts: f.texts.length,
    },
    pinning: { taskset: f.pinning.taskset, serverCpu: SERVER_CPU, bench: f.pinning.pin },
    buildWarning: f.buildWarning,
    single: targets.map(({ load, ...t }) => ({
      ...t,
      statusCounts: load?.statusCounts,
      autocannon: load?.autocannon,
    })),
    ratios,
    batch: {
      texts: f.texts.length,
      inProcessOneRunMs: f.batch.inProcOne,
      inProcessChunkedMs: f.batch.inProcChunked,
      koaMs: f.batch.koa,
      strapi: f.strapiRuns.map(({ target: _target, ...r }) => r),
    },
    batchOthersCpu: batchOthers,
    memory: {
      koaHwmKiB: f.memory.koaHwm,
      benchHwmBeforeBatchKiB: f.memory.hwmBefore,
      benchHwmAfterBatchKiB: f.memory.hwmAfter,
    },
    correctness: c.maxDiff,
    warnings: c.warnings,
  });
  log(`\nJSON: ${out}`);
}
