import fs from 'fs';
import { createAdmin } from '../helpers/admin';
import { FOREIGN_MODEL } from '../helpers/data';
import { createModel, deploy } from '../helpers/models';
import { startSecondInstance, type Instance } from '../helpers/second-instance';
import { startApp, type TestApp } from '../helpers/strapi';

/**
 * Loading onnxruntime maps its library and grows the native heap by tens of MiB that stay after
 * every session is released. A compiled model's parity check runs it in a child process
 * (serving-engine/pool/reference-process.ts), so a Strapi whose models all compile never maps it.
 * Seen from outside, in /proc/<pid>/maps of real `strapi start` processes.
 */
const mapsOnnxruntime = (pid: number) =>
  fs.readFileSync(`/proc/${pid}/maps`, 'utf8').includes('libonnxruntime');

describe('onnxruntime stays out of a serving process whose models compile', () => {
  let app: TestApp;
  let compiled: Instance;
  let onOnnxruntime: Instance;
  let slug: string;

  beforeAll(async () => {
    app = await startApp();
    const reviewer = await createAdmin(app);
    slug = await createModel(app);
    await deploy(app, reviewer, slug, fs.readFileSync(FOREIGN_MODEL));
    // prewarm off: this worker's database holds other test files' models, some of them not compilable
    const onlyWhatIsAsked = { MODEL_MANAGER_PREWARM: 'false' };
    [compiled, onOnnxruntime] = await Promise.all([
      startSecondInstance(onlyWhatIsAsked),
      startSecondInstance({ ...onlyWhatIsAsked, MODEL_MANAGER_COMPILED_SCORERS: 'false' }),
    ]);
  }, 300_000);
  afterAll(async () => {
    await Promise.all([compiled?.stop(), onOnnxruntime?.stop()]);
    await app.stop();
  });

  const predict = async (instance: Instance) => {
    const res = await fetch(`${instance.url}/api/model-manager/models/${slug}/predict`, {
      method: 'POST',
      headers: { ...app.fullAccess, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'we will cut taxes for working families' }),
    });
    const body = (await res.json()) as {
      data: { label: string; probabilities: Record<string, number> };
    };
    return { status: res.status, body };
  };

  it('serves the compiled model without mapping onnxruntime; the same model on onnxruntime maps it', async () => {
    const served = await predict(compiled);
    expect(served.status).toBe(200);
    expect(served.body.data.label).toEqual(expect.any(String));
    expect(mapsOnnxruntime(compiled.pid)).toBe(false);

    // the check sees the library where a session does run
    const other = await predict(onOnnxruntime);
    expect(other.status).toBe(200);
    for (const [label, p] of Object.entries(served.body.data.probabilities))
      expect(other.body.data.probabilities[label]).toBeCloseTo(p, 5);
    expect(mapsOnnxruntime(onOnnxruntime.pid)).toBe(true);
  });
});
