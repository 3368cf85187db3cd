/**
 * Scaffolding every bench entry shares: the report goes to stdout, progress to stderr (so the
 * report can be redirected cleanly), exit codes, and how a disturbed window is flagged.
 */
import { pct } from './cpu';

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

/** The machine is shared: a window in which other processes used more than `limit` cores is flagged. */
export const othersCell = (others: number, limit: number): string =>
  `${pct(others)}${others > limit ? ' DISTURBED' : ''}`;
