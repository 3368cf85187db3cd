/**
 * Scaffolding every bench entry shares: the report goes to stdout, progress to stderr (so the
 * report can be redirected cleanly), exit codes, and the optional wait for a quiet machine.
 */
import { strOpt } from './cli';
import { pct, waitForQuiet } from './cpu';

export const log = (msg: string) => console.log(msg);
export const progressFor = (tag: string) => (msg: string) => console.error(`[${tag}] ${msg}`);

/** Runs a bench's main(); exits explicitly because child processes and agents may keep the loop alive. */
export function runMain(tag: string, main: () => Promise<void>) {
  main()
    .then(() => process.exit(0))
    .catch((error) => {
      console.error(`[${tag}] FAILED: ${error instanceof Error ? error.stack : error}`);
      process.exit(1);
    });
}

export const waitQuietRequested = (): boolean =>
  process.argv.includes('--wait-quiet') || Boolean(process.env.BENCH_WAIT_QUIET);

/** --wait-quiet [seconds]: wait (up to that long, default 120 s) until other processes use < 0.25 core. */
export async function maybeWaitForQuiet(): Promise<string | null> {
  if (!waitQuietRequested()) return null;
  const given = Number(strOpt('wait-quiet', 'BENCH_WAIT_QUIET', '120'));
  const timeoutS = Number.isFinite(given) && given > 0 ? given : 120;
  const r = await waitForQuiet({ maxOthers: 0.25, timeoutS });
  return r.quiet
    ? `machine quiet after ${r.waitedS.toFixed(0)} s (other processes ${pct(r.others)} of a core)`
    : `WARNING: machine still busy after ${r.waitedS.toFixed(0)} s (other processes ${pct(r.others)} of a core): figures will be disturbed`;
}

/** The machine is shared: a window in which other processes used more than `limit` cores is flagged. */
export const othersCell = (others: number, limit: number): string =>
  `${pct(others)}${others > limit ? ' DISTURBED' : ''}`;

/** CLOCK_MONOTONIC in µs: the clock of V8 CPU profiles, for windowing a profile to a measured phase. */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);
