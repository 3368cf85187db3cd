// Types of app-process.js (plain CommonJS, so `npm run cluster` and jest's global setup load it as is).
import type { ChildProcess } from 'child_process';

export const ROOT: string;
export const STRAPI_BIN: string;

export interface SpawnedChild {
  child: ChildProcess;
  pid: number;
  pinned: boolean;
  exited: Promise<number | null>;
  running(): boolean;
  /** The last lines of its output, for error reports. */
  tail(): string;
  stop(graceMs?: number, signal?: NodeJS.Signals): Promise<void>;
}

export interface SpawnOptions {
  cpu?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  label?: string;
  echo?: boolean;
  onLine?: (line: string) => void;
  logFile?: string;
}

export interface AppProcess {
  url: string;
  port: number;
  pid: number;
  pinned: boolean;
  bootMs: number;
  proc: SpawnedChild;
  stop(graceMs?: number, signal?: NodeJS.Signals): Promise<void>;
}

export interface StartAppOptions {
  env?: Record<string, string>;
  port?: number;
  cpu?: number;
  nodeArgs?: string[];
  label?: string;
  onLine?: (line: string) => void;
  logFile?: string;
  timeoutMs?: number;
}

export function freePort(): Promise<number>;
export function tasksetAvailable(): boolean;
export function spawnChild(command: string, args: string[], options?: SpawnOptions): SpawnedChild;
export function waitForHttp(
  url: string,
  status: number,
  proc: SpawnedChild,
  timeoutMs?: number
): Promise<number>;
export function startApp(options?: StartAppOptions): Promise<AppProcess>;
