import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ROOT } = require('../helpers/database');

/**
 * Stopping a worker thread while onnxruntime runs in it used to abort the whole process
 * ("terminate called after throwing an instance of 'Napi::Error'"): the inference pool on
 * shutdown or past a deadline, a training run cancelled while it scored its evaluation set. Each
 * case runs in a child process on the compiled plugin (dist/, built by the global setup), so an
 * abort is that child's exit code, not this jest worker's death. A training run now runs in a
 * process of its own, killed to cancel it, with onnxruntime in that process or (by default) in a
 * child of its own: both are cancelled here.
 */
const SERVER = path.join(ROOT, 'dist', 'src', 'plugins', 'model-manager', 'server', 'src');
const ROUNDS = 12;

function runScript(
  script: string,
  args: string[]
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', TEXTS + script, ...args], { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** Prepended to each script: `texts(n)`, n short texts a model spends a while on in one batch. */
const TEXTS = `const texts = (n) => Array.from({ length: n }, (_, i) => 'the wall the economy taxes jobs border ' + i);`;

describe('worker threads are stopped only outside onnxruntime', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-worker-stop-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('closing the inference pool while its thread runs a long batch ends cleanly, every round', async () => {
    const model = path.join(dir, 'model.onnx');
    fs.writeFileSync(model, textClassifierOnnx({ strength: 1 }));
    const script = `
      const fs = require('fs');
      const { InferencePool } = require(process.argv[1] + '/serving-engine/pool/inference-pool.js');
      const bytes = new Uint8Array(fs.readFileSync(process.argv[2]));
      // the pool's threads do not keep a process alive (a server's listener does): this does
      const alive = setInterval(() => undefined, 1000);
      (async () => {
        let abandoned = 0;
        for (let round = 0; round < ${ROUNDS}; round++) {
          const pool = new InferencePool(1);
          // onnxruntime itself, not the compiled scorer: the native run is what must not be cut
          const model = await pool.load('h' + round, bytes, {
            intraOpNumThreads: 1, interOpNumThreads: 1, compiledScorers: false,
          });
          const running = model.run(texts(4000), 64).then(() => 'done', () => (abandoned += 1));
          await new Promise((r) => setTimeout(r, 5 + round * 3));
          await pool.close();
          await running;
        }
        console.log('rounds ${ROUNDS} abandoned ' + abandoned);
        clearInterval(alive);
      })().catch((e) => { console.error(e); process.exit(2); });
    `;
    const { code, output } = await runScript(script, [SERVER, model]);
    expect(output).not.toContain('terminate called');
    expect(code).toBe(0);
    // the closes did land mid-run at least once: otherwise this proves nothing
    expect(Number(/abandoned (\d+)/.exec(output)?.[1])).toBeGreaterThan(0);
  });

  /** A training run cancelled `round` ms after it reached `validate` (onnxruntime's one call), each round. */
  const cancelledRuns = (processMemoryLimitMb: number | null, afterEachRound = '') => `
      const { runTrainingWorker } = require(process.argv[1] + '/training/run-worker.js');
      const { DEFAULT_TRAIN_PARAMS } = require(process.argv[1] + '/ml/train-params.js');
      const rows = texts(20000).map((text, i) => ({ text: text + (i % 2 ? ' red' : ' blue'), label: i % 2 ? 'red' : 'blue' }));
      (async () => {
        let cancelledWhileScoring = 0;
        for (let round = 0; round < ${ROUNDS}; round++) {
          const controller = new AbortController();
          const outcome = runTrainingWorker({
            file: process.argv[1] + '/training/worker.js',
            job: {
              rows: rows.slice(0, 200),
              params: { ...DEFAULT_TRAIN_PARAMS, minDf: 1 },
              metadata: {},
              evaluation: { name: 'holdout', rows, kind: 'held-out split' },
              onnx: { intraOpNumThreads: 1, interOpNumThreads: 1, chunkSize: 64, processMemoryLimitMb: ${processMemoryLimitMb} },
            },
            signal: controller.signal,
            onProgress: (p) => {
              if (p.stage !== 'validate' || controller.signal.aborted) return;
              setTimeout(() => controller.abort(new Error('cancelled')), round);
            },
          });
          if ((await outcome.then(() => 'finished', () => 'cancelled')) === 'cancelled') cancelledWhileScoring += 1;
          ${afterEachRound}
        }
        console.log('rounds ${ROUNDS} cancelled-while-scoring ' + cancelledWhileScoring);
      })().catch((e) => { console.error(e); process.exit(2); });
    `;

  it('cancelling a training run while it scores its evaluation set in its process ends cleanly, every round', async () => {
    const { code, output } = await runScript(cancelledRuns(null), [SERVER]);
    expect(output).not.toContain('terminate called');
    expect(code).toBe(0);
    expect(Number(/cancelled-while-scoring (\d+)/.exec(output)?.[1])).toBeGreaterThan(0);
  });

  it('cancelling a training run while its child process scores the evaluation set leaves no process behind, every round', async () => {
    // this script's children, read from /proc: the run's onnxruntime process must go with the run
    const children = `
      const children = () => require('fs').readdirSync('/proc').filter((d) => /^\\d+$/.test(d)).filter((pid) => {
        try { return require('fs').readFileSync('/proc/' + pid + '/stat', 'utf8').split(') ')[1].split(' ')[1] === String(process.pid); }
        catch { return false; }
      });
      for (const end = Date.now() + 10000; children().length; await new Promise((r) => setTimeout(r, 20)))
        if (Date.now() > end) throw new Error('a child process outlived its run: ' + children());
    `;
    const { code, output } = await runScript(cancelledRuns(1536, children), [SERVER]);
    expect(output).not.toContain('terminate called');
    expect(code).toBe(0);
    expect(Number(/cancelled-while-scoring (\d+)/.exec(output)?.[1])).toBeGreaterThan(0);
  });
});
