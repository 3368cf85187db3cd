import { gzipSync } from 'zlib';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { createModel, deploy } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { createApiToken, startApp, unique, type TestApp } from '../helpers/strapi';

describe('the predict fast path keeps Strapi semantics', () => {
  let app: TestApp;
  let slug: string;
  const config = () =>
    app.strapi.config.get('plugin::model-manager') as {
      fastPath: { enabled: boolean; ttlMs: number; maxBodyBytes: number };
    };
  const predict = (
    headers: Record<string, string>,
    body: unknown = { text: 'the wall', explain: true }
  ) =>
    app
      .http()
      .post(`/api/model-manager/models/${slug}/predict`)
      .set(headers)
      .send(body as object);

  beforeAll(async () => {
    app = await startApp();
    slug = await createModel(app);
    await deploy(app, await createAdmin(app), slug, textClassifierOnnx({ strength: 1.75 }));
  });
  afterAll(async () => {
    config().fastPath.enabled = true;
    await app.stop();
  });

  it('answers exactly what the routed controller answers, success and errors alike', async () => {
    const bodies = [
      { text: 'the wall', explain: true },
      { texts: ['care', 'wall care'] },
      { text: '' },
      { text: 'x', nope: 1 },
    ];

    const fast = await Promise.all(bodies.map((b) => predict(app.fullAccess, b)));
    config().fastPath.enabled = false;
    const routed = await Promise.all(bodies.map((b) => predict(app.fullAccess, b)));
    config().fastPath.enabled = true;

    expect(fast.map((r) => r.status)).toEqual([200, 200, 400, 400]);
    expect(fast.slice(0, 2).map((r) => r.headers['server-timing'])).toEqual([
      'fastpath',
      'fastpath',
    ]);
    expect(routed.map((r) => r.headers['server-timing'])).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    const security = [
      'content-security-policy',
      'strict-transport-security',
      'x-frame-options',
      'x-content-type-options',
      'referrer-policy',
      'x-powered-by',
    ];
    for (const name of security)
      expect([name, fast[0].headers[name]]).toEqual([name, routed[0].headers[name]]);
    expect(fast[0].headers['content-security-policy']).toContain("default-src 'self'");
    expect(fast.map((r) => r.body)).toEqual(routed.map((r) => r.body));
  });

  it("a body with a prototype key is refused as on the routed path (Strapi's body parser refuses it)", async () => {
    const raw = '{"text":"the wall","__proto__":{"polluted":true}}';
    const send = () =>
      app
        .http()
        .post(`/api/model-manager/models/${slug}/predict`)
        .set(app.fullAccess)
        .set('Content-Type', 'application/json')
        .send(raw);

    const fast = await send();
    config().fastPath.enabled = false;
    const routed = await send();
    config().fastPath.enabled = true;

    expect(routed.status).toBe(400);
    expect([fast.status, fast.body]).toEqual([routed.status, routed.body]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a gzip-encoded body is served as the routed path serves it (it was a 400 "malformed JSON")', async () => {
    const res = await app
      .http()
      .post(`/api/model-manager/models/${slug}/predict`)
      .set(app.fullAccess)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize((body: unknown) => body as string) // the gzip bytes as they are, not as JSON
      .send(gzipSync(JSON.stringify({ text: 'the wall' })));

    expect(res.status).toBe(200);
    expect(res.body.data.label).toBe('red');
  });

  it('a custom token without the predict action is refused with 403, one with it is served', async () => {
    const without = await createApiToken(app.strapi, {
      type: 'custom',
      permissions: ['plugin::model-manager.models.find'],
    });
    const withIt = await createApiToken(app.strapi, {
      type: 'custom',
      permissions: ['plugin::model-manager.predictions.create'],
    });

    expect((await predict({ Authorization: `Bearer ${without}` })).status).toBe(403);
    expect((await predict({ Authorization: `Bearer ${withIt}` })).status).toBe(200);
  });

  it('a browser request (with an Origin) goes through the routed path, so CORS applies', async () => {
    const res = await predict({ ...app.fullAccess, Origin: 'http://localhost:3000' });

    expect(res.status).toBe(200);
    expect(res.headers['server-timing']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeDefined();
  });

  it('a read-only token may not predict (it is a POST action)', async () => {
    const readOnly = await createApiToken(app.strapi, { type: 'read-only' });

    expect((await predict({ Authorization: `Bearer ${readOnly}` })).status).toBe(403);
  });

  it('an unknown token is a 401, as on the routed path', async () => {
    const res = await predict({ Authorization: 'Bearer not-a-real-token' });

    expect(res.status).toBe(401);
    expect(res.body.error.name).toBe('UnauthorizedError');
  });

  describe('token changes made in the admin reach the fast path at once, not after the decision TTL', () => {
    let admin: AdminSession;
    let ttlMs: number;
    const adminApi = () => app.http();
    /** A token made in the admin panel (Settings -> API Tokens): id and key. */
    const adminToken = async (body: object) => {
      const res = await adminApi()
        .post('/admin/api-tokens')
        .set(admin.headers)
        .send({ name: unique('fast-token'), lifespan: null, description: '', ...body });
      expect(res.status).toBe(201);
      return {
        id: res.body.data.id as number,
        headers: { Authorization: `Bearer ${res.body.data.accessKey as string}` },
      };
    };
    /** A predict answered by the fast path (its Server-Timing says so). */
    const fastPredict = async (headers: Record<string, string>) => {
      const res = await predict(headers);
      expect(res.status).toBe(200);
      expect(res.headers['server-timing']).toBe('fastpath');
    };

    beforeAll(async () => {
      admin = await createAdmin(app);
      ttlMs = config().fastPath.ttlMs;
      config().fastPath.ttlMs = 60_000; // a decision would outlive the test: only the change can drop it
    });
    afterAll(() => {
      config().fastPath.ttlMs = ttlMs;
    });

    it('a revoked token is refused on its very next predict', async () => {
      const token = await adminToken({ type: 'full-access' });
      await fastPredict(token.headers);

      const revoked = await adminApi().delete(`/admin/api-tokens/${token.id}`).set(admin.headers);
      const next = await predict(token.headers);

      expect(revoked.status).toBe(200);
      expect(next.status).toBe(401);
      expect(next.body.error.name).toBe('UnauthorizedError');
    });

    it('a regenerated token: the old key is refused on its very next predict, the new one served', async () => {
      const token = await adminToken({ type: 'full-access' });
      await fastPredict(token.headers);

      const regenerated = await adminApi()
        .post(`/admin/api-tokens/${token.id}/regenerate`)
        .set(admin.headers);
      const old = await predict(token.headers);

      expect(regenerated.status).toBe(201);
      expect(old.status).toBe(401);
      await fastPredict({ Authorization: `Bearer ${regenerated.body.data.accessKey as string}` });
    });

    it('a token whose predict permission is taken away is refused on its very next predict', async () => {
      const token = await adminToken({
        type: 'custom',
        permissions: ['plugin::model-manager.predictions.create'],
      });
      await fastPredict(token.headers);

      const edited = await adminApi()
        .put(`/admin/api-tokens/${token.id}`)
        .set(admin.headers)
        .send({ permissions: ['plugin::model-manager.models.find'] });
      const next = await predict(token.headers);

      expect(edited.status).toBe(200);
      expect(next.status).toBe(403);
    });

    it("a token's lastUsedAt is set by a fast-path predict, as Strapi sets it on a routed one", async () => {
      const token = await adminToken({ type: 'full-access' });
      const lastUsedAt = async () =>
        (await adminApi().get(`/admin/api-tokens/${token.id}`).set(admin.headers)).body.data
          .lastUsedAt as string | null;
      expect(await lastUsedAt()).toBeNull();
      const before = Date.now();

      await fastPredict(token.headers);

      const used = await lastUsedAt();
      expect(used).not.toBeNull();
      expect(new Date(used as string).getTime()).toBeGreaterThanOrEqual(before - 1_000);
    });
  });

  it('a body over fastPath.maxBodyBytes is a 413 naming the limit, with the security headers, and the server keeps answering', async () => {
    const limit = config().fastPath.maxBodyBytes;
    config().fastPath.maxBodyBytes = 1_000;
    try {
      const res = await predict(app.fullAccess, { text: 'wall '.repeat(2_000) });

      expect(res.status).toBe(413);
      expect(res.body.error).toMatchObject({
        status: 413,
        name: 'PayloadTooLargeError',
        details: { limit: 1_000 },
      });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    } finally {
      config().fastPath.maxBodyBytes = limit;
    }
    expect((await predict(app.fullAccess)).status).toBe(200);
  });
});
