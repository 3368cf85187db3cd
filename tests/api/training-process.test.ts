import fs from 'fs';
import path from 'path';
import { runTrainingWorker } from '../../src/plugins/model-manager/server/src/training/run-worker';
import { DEFAULT_TRAIN_PARAMS } from '../../src/plugins/model-manager/server/src/ml/train-params';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ROOT } = require('../helpers/database');

/**
 * A training run computes in a child process, not a thread of the serving process: a thread's
 * freed native memory stayed in the serving process's C allocator (about 80 MiB after the demo's
 * first run), a process's goes with it. Seen from /proc: the compiled entry runs as a child of
 * this process while the job runs, and is gone once the run has settled.
 */
const WORKER = path.join(
  ROOT,
  'dist',
  'src',
  'plugins',
  'model-manager',
  'server',
  'src',
  'training',
  'worker.js'
);

/** Pids of this process's children running `file`. */
function childrenRunning(file: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const parent = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
        const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return parent === String(process.pid) && args.includes(file);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

const rows = Array.from({ length: 200 }, (_, i) => ({
  text: `the wall the economy taxes jobs border ${i} ${i % 2 ? 'red' : 'blue'}`,
  label: i % 2 ? 'red' : 'blue',
}));
const job = {
  rows,
  params: { ...DEFAULT_TRAIN_PARAMS, minDf: 1 },
  metadata: {},
  evaluation: null,
  onnx: { intraOpNumThreads: 1, interOpNumThreads: 1, chunkSize: 64, processMemoryLimitMb: 1536 },
};

describe('a training run', () => {
  it('computes in a child process of its own, gone once the run settles', async () => {
    const seen = new Set<number>();
    const trained = await runTrainingWorker({
      file: WORKER,
      job,
      signal: new AbortController().signal,
      maxMemoryMb: 512,
      onProgress: () => childrenRunning(WORKER).forEach((pid) => seen.add(pid)),
    });

    expect(trained.bytes.byteLength).toBeGreaterThan(0);
    expect(trained.labels).toEqual(['blue', 'red']);
    expect(seen.size).toBe(1);
    expect(childrenRunning(WORKER)).toEqual([]);
  });

  it('cancelled, it rejects with the reason once its process is gone', async () => {
    const controller = new AbortController();
    const seen = new Set<number>();
    const outcome = runTrainingWorker({
      file: WORKER,
      job,
      signal: controller.signal,
      onProgress: () => {
        childrenRunning(WORKER).forEach((pid) => seen.add(pid));
        controller.abort(new Error('cancelled'));
      },
    });

    await expect(outcome).rejects.toThrow('cancelled');
    expect(seen.size).toBe(1);
    expect(childrenRunning(WORKER)).toEqual([]);
  });
});
