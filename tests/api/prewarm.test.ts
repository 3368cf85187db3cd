import { createHash } from 'crypto';
import type { PrewarmReport } from '../../src/plugins/model-manager/shared/contracts/runtime';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { approve, createModel, deploy, promote, uploadVersion } from '../helpers/models';
import { eventually } from '../helpers/eventually';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startApp, type TestApp } from '../helpers/strapi';

/** A bound for loads on a swamped CI machine (every served version of this worker's database), not a timing. */
const LONG_WAIT = { timeoutMs: 90_000, intervalMs: 100 };

const hashOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
// a strength of its own gives each artifact a hash no other test file serves
const freshArtifact = () => textClassifierOnnx({ strength: 1 + Math.random() });

interface Runtime {
  sessions: { size: number; engines: Array<{ hash: string }> };
  prewarm: PrewarmReport;
}

async function runtimeOf(app: TestApp, admin: AdminSession): Promise<Runtime> {
  const res = await app.http().get('/model-manager/runtime').set(admin.headers);
  expect(res.status).toBe(200);
  return res.body.data as Runtime;
}

const loaded = (runtime: Runtime, hash: string) =>
  runtime.sessions.engines.some((e) => e.hash === hash);

describe('prewarm: versions that serve load before their first request', () => {
  let app: TestApp | null = null;
  let slug: string;
  let servedHash: string;
  let shadowHash: string;

  // A champion and a shadow version in the database, put there by an instance that then stops:
  // the next boot finds them.
  beforeAll(async () => {
    const first = await startApp();
    try {
      const reviewer = await createAdmin(first);
      slug = await createModel(first);
      const bytes = freshArtifact();
      await deploy(first, reviewer, slug, bytes);
      servedHash = hashOf(bytes);
      const shadowBytes = freshArtifact();
      const shadow = await uploadVersion(first, slug, shadowBytes);
      await approve(first, reviewer, slug, shadow);
      const res = await first
        .http()
        .post(`/model-manager/models/${slug}/shadow`)
        .set(reviewer.headers)
        .send({ data: { version: shadow } });
      expect(res.status).toBe(200);
      shadowHash = hashOf(shadowBytes);
    } finally {
      await first.stop();
    }
  });
  afterEach(async () => {
    await app?.stop();
    app = null;
    delete process.env.MODEL_MANAGER_PREWARM;
    delete process.env.MODEL_MANAGER_CACHE_SESSIONS;
  });

  it('after a boot, with no predict request, the served versions are loaded, and a newly promoted one too', async () => {
    process.env.MODEL_MANAGER_CACHE_SESSIONS = '1000'; // every version this database serves fits
    app = await startApp();
    const admin = await createAdmin(app);

    const booted = await eventually(async () => {
      const runtime = await runtimeOf(app!, admin);
      const both = loaded(runtime, servedHash) && loaded(runtime, shadowHash);
      return both && !runtime.prewarm.running ? runtime : null;
    }, LONG_WAIT);
    expect(booted.prewarm).toMatchObject({ enabled: true, full: false });
    expect(booted.prewarm.served).toBeGreaterThanOrEqual(2); // the champion and the shadow at least
    // what failed to load stays cold (other files' versions), every other served version is warm
    expect(booted.prewarm.warm).toBeGreaterThanOrEqual(
      booted.prewarm.served - booted.prewarm.failed
    );

    const bytes = freshArtifact();
    const number = await uploadVersion(app, slug, bytes);
    await approve(app, admin, slug, number);
    await promote(app, slug, number);
    await eventually(async () => loaded(await runtimeOf(app!, admin), hashOf(bytes)), LONG_WAIT);
    servedHash = hashOf(bytes);
  });

  it('when prewarm is off, nothing is loaded until a request asks for it', async () => {
    process.env.MODEL_MANAGER_PREWARM = 'false';
    app = await startApp();
    const admin = await createAdmin(app);

    const booted = await runtimeOf(app, admin);
    expect(booted.prewarm).toMatchObject({ enabled: false, running: false, warm: 0, loaded: 0 });
    expect(booted.prewarm.served).toBeGreaterThanOrEqual(1); // (shadows are read by a pass: none ran)
    expect(booted.sessions.size).toBe(0);

    const res = await app
      .http()
      .post(`/api/model-manager/models/${slug}/predict`)
      .set(app.fullAccess)
      .send({ text: 'the wall' });
    expect(res.status).toBe(200);
    const asked = await runtimeOf(app, admin);
    expect(loaded(asked, servedHash)).toBe(true); // (the shadow loads too, to score the request)
    expect(asked.prewarm.loaded).toBe(0);

    const next = freshArtifact();
    const number = await uploadVersion(app, slug, next);
    await approve(app, admin, slug, number);
    await promote(app, slug, number); // once it returns, this instance's table serves the version
    expect(loaded(await runtimeOf(app, admin), hashOf(next))).toBe(false);
  });
});
