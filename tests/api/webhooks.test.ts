import http from 'http';
import type { AddressInfo } from 'net';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { eventually } from '../helpers/eventually';
import { approve, createModel, promote, uploadVersion } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startApp, unique, type TestApp } from '../helpers/strapi';

describe('model events through Strapi webhooks', () => {
  let app: TestApp;
  let admin: AdminSession;
  let receiver: http.Server;
  const received: Array<Record<string, any>> = [];

  beforeAll(async () => {
    app = await startApp();
    admin = await createAdmin(app);
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(body) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await app.stop();
  });

  it('a webhook configured for the promote event receives it, with model, version and who', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const hook = await app
      .http()
      .post('/admin/webhooks')
      .set(admin.headers)
      .send({
        name: unique('promotions'),
        url,
        headers: { 'X-Secret': 'shh' },
        events: ['model-manager.version.promoted', 'model-manager.version.approved'],
      });
    const slug = await createModel(app);
    const number = await uploadVersion(app, slug, textClassifierOnnx({ strength: 5.5 }));

    await approve(app, admin, slug, number);
    await promote(app, slug, number);

    expect(hook.status).toBe(201);
    const promoted = await eventually(async () =>
      received.find(
        (r) => r.body.event === 'model-manager.version.promoted' && r.body.model === slug
      )
    );
    expect(promoted.body).toMatchObject({
      version: number,
      status: 'production',
      actor: { kind: 'api-token' },
      comment: 'go',
    });
    expect(promoted.headers['x-secret']).toBe('shh');
    expect(
      received.some(
        (r) => r.body.event === 'model-manager.version.approved' && r.body.model === slug
      )
    ).toBe(true);
  });

  it('training outcomes are events too', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/training`;
    await app
      .http()
      .post('/admin/webhooks')
      .set(admin.headers)
      .send({
        name: unique('training'),
        url,
        headers: {},
        events: ['model-manager.training.failed'],
      });
    const slug = await createModel(app);

    // no feedback at all: the run fails ("too few rows"), and says so to the webhook
    const queued = await app
      .http()
      .post(`/api/model-manager/models/${slug}/training-runs`)
      .set(app.fullAccess)
      .send({ data: {} });

    expect(queued.status).toBe(202);
    const failed = await eventually(async () =>
      received.find(
        (r) => r.body.event === 'model-manager.training.failed' && r.body.model === slug
      )
    );
    expect(failed.body).toMatchObject({ run: queued.body.data.documentId });
    expect(failed.body.error).toEqual(expect.any(String));
  });

  it('an unknown event name is refused by the webhook API', async () => {
    const res = await app
      .http()
      .post('/admin/webhooks')
      .set(admin.headers)
      .send({
        name: unique('bad'),
        url: 'http://127.0.0.1:9/never',
        headers: {},
        events: ['model-manager.version.exploded'],
      });

    expect(res.status).toBe(400);
  });
});
