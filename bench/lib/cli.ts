/** `--name value` / `--flag` arguments with an environment fallback, e.g. opt('duration', 'BENCH_DURATION', 10). */
const argv = process.argv.slice(2);

function argValue(name: string): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === `--${name}`)
      return argv[i + 1] !== undefined && !argv[i + 1].startsWith('--') ? argv[i + 1] : 'true';
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

export function numOpt(name: string, envName: string, fallback: number): number {
  const raw = argValue(name) ?? process.env[envName];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`--${name} / ${envName}: expected a number, got "${raw}"`);
  return n;
}

export function strOpt(name: string, envName: string, fallback: string): string {
  return argValue(name) ?? process.env[envName] ?? fallback;
}

export function flag(name: string, envName?: string): boolean {
  const raw = argValue(name) ?? (envName ? process.env[envName] : undefined);
  return raw !== undefined && raw !== 'false' && raw !== '0';
}
