import { spawn } from 'child_process';
import { mkdtempSync } from 'fs';
import os from 'os';
import path from 'path';
import { ArtifactError } from '../artifact-error';
import type { SandboxJob, SandboxReply } from './messages';

export interface SandboxLimits {
  /** wall clock for load + smoke test + evaluation; the child is killed (SIGKILL) past it */
  timeoutMs: number;
  /** address-space cap of the child (ulimit -v): bounds native allocations, which V8 flags do not */
  memoryLimitMb: number;
}

/** The compiled child entry sits beside this file: dist/.../serving-engine/sandbox/validate-child.js. */
const CHILD_FILE = path.join(__dirname, 'validate-child.js');
const STDERR_KEPT = 4096;
/** Starting node and onnxruntime is not the model's time, but on a swamped machine it can take long: bounded apart. */
const STARTUP_TIMEOUT_MS = 120_000;
const V8_OOM = /out of memory|allocation failed|heap limit/i;

// An empty working directory: relative paths a model might name resolve to nothing.
let emptyDir: string | null = null;
const workingDir = () => (emptyDir ??= mkdtempSync(path.join(os.tmpdir(), 'mm-sandbox-')));

function overMemory(limits: SandboxLimits, detail: string): ArtifactError {
  const why = detail ? ` (${detail.slice(0, 200)})` : '';
  return new ArtifactError(
    'memory_limit',
    `The model needed more than the ${limits.memoryLimitMb} MB allowed (sandbox.memoryLimitMb); it was stopped${why}.`
  );
}

/**
 * Runs one SandboxJob in a child process under both limits. Resolves with the child's answer;
 * rejects with an ArtifactError naming the limit (`timeout`, `memory_limit`) or the crash. The
 * child gets no secrets: a minimal environment, an empty working directory, its own address space.
 */
export function runSandboxed(
  job: SandboxJob,
  limits: SandboxLimits
): Promise<Extract<SandboxReply, { type: 'done' }>> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      MM_SANDBOX_KB: String(limits.memoryLimitMb * 1024),
    };
    if (process.env.LOCPATH !== undefined) env.LOCPATH = process.env.LOCPATH;
    const child = spawn(
      '/bin/sh',
      ['-c', 'ulimit -v "$MM_SANDBOX_KB" && exec "$@"', 'mm-sandbox', process.execPath, CHILD_FILE],
      {
        cwd: workingDir(),
        env,
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        serialization: 'advanced',
      }
    );
    let settled = false;
    let timedOut = false;
    let started = false;
    let stderr = '';
    let timer: NodeJS.Timeout;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      outcome();
    };
    const killAfter = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, ms);
    };
    killAfter(STARTUP_TIMEOUT_MS);

    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_KEPT) stderr += chunk.toString('utf8');
    });
    child.on('message', (message: SandboxReply) => {
      if (message.type === 'ready') {
        started = true;
        killAfter(limits.timeoutMs);
        child.send(job);
      } else if (message.type === 'done') settle(() => resolve(message));
      else if (message.problem === 'memory_limit')
        settle(() => reject(overMemory(limits, message.message)));
      else settle(() => reject(new ArtifactError(message.problem, message.message)));
    });
    child.on('error', (error) =>
      settle(() => reject(new Error(`could not start the validation sandbox: ${error.message}`)))
    );
    // 'close', not 'exit': it comes after the IPC channel is drained, so an answer sent just before exiting is never lost
    child.on('close', (code, signal) =>
      settle(() => {
        if (timedOut && !started) {
          reject(
            new ArtifactError(
              'sandbox_crashed',
              `The validation sandbox did not start within ${STARTUP_TIMEOUT_MS} ms.`
            )
          );
        } else if (timedOut) {
          reject(
            new ArtifactError(
              'timeout',
              `Validating the model took longer than the ${limits.timeoutMs} ms allowed (sandbox.timeoutMs); it was stopped.`
            )
          );
        } else if (V8_OOM.test(stderr) || signal === 'SIGSEGV' || signal === 'SIGABRT') {
          reject(overMemory(limits, stderr.trim().split('\n').pop() ?? ''));
        } else {
          reject(
            new ArtifactError(
              'sandbox_crashed',
              `Validating the model stopped the sandbox (exit ${signal ?? code}) before it answered.`
            )
          );
        }
      })
    );
  });
}
