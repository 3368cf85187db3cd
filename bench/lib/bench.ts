/**
 * What every bench entry shares: `--name value` options, the report on stdout and progress on
 * stderr (so the report redirects cleanly), an exit on a signal too (so what a bench started is
 * cleaned up), the exit code and CPU pinning of the bench itself.
 */
import { spawnSync } from 'node:child_process';
import { tasksetAvailable } from '../../harness/app-process';

const argv = process.argv.slice(2);

/** `--name value`, `--name=value`, or 'true' for a bare `--name`. */
function raw(name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  if (argv[i] !== `--${name}`) return argv[i].slice(name.length + 3);
  const next = argv[i + 1];
  return next !== undefined && !next.startsWith('--') ? next : 'true';
}

export const opt = {
  str: (name: string, fallback: string): string => raw(name) ?? fallback,
  num(name: string, fallback: number): number {
    const value = raw(name);
    if (value === undefined) return fallback;
    if (!Number.isFinite(Number(value))) throw new Error(`--${name}: not a number: "${value}"`);
    return Number(value);
  },
  nums: (name: string, fallback: string): number[] =>
    opt.str(name, fallback).split(',').map(Number),
  flag: (name: string): boolean => raw(name) !== undefined,
};

export const log = (msg: string) => console.log(msg);
export const progressFor = (tag: string) => (msg: string) => console.error(`[${tag}] ${msg}`);

// A signal's default ends the process without 'exit': turn it into one, so the children the harness
// started and the files a bench made (lib/strapi's databases) go too.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => process.exit(130));

/** Runs a bench's main(); exits explicitly because children and agents may keep the loop alive. */
export function runMain(tag: string, main: () => Promise<void> | void) {
  Promise.resolve()
    .then(main)
    .then(() => process.exit(0))
    .catch((error) => {
      console.error(`[${tag}] FAILED: ${error instanceof Error ? error.stack : error}`);
      process.exit(1);
    });
}

/** Pins every thread of this process (and those it creates later) to `cpu`, where taskset exists. */
export function pinSelf(cpu: number): string {
  const pinned =
    tasksetAvailable() &&
    spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)]).status === 0;
  return pinned ? `bench pinned to CPU ${cpu}` : 'bench NOT pinned (no taskset)';
}
