import { MODEL_EVENTS } from '../../src/plugins/model-manager/shared/constants';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { eventually } from '../helpers/eventually';
import { approve, createModel, deploy, uploadVersion } from '../helpers/models';
import { freshClassifiers } from '../helpers/onnx-fixtures';
import { startApp, type TestApp } from '../helpers/strapi';

/** Webhooks and the routing refresh follow the commit; they never decide the answer of a committed change. */
describe('side effects after commit', () => {
  let app: TestApp;
  let reviewer: AdminSession;
  const fresh = freshClassifiers(120);
  const plugin = () => app.strapi.plugin('model-manager');

  beforeAll(async () => {
    app = await startApp();
    reviewer = await createAdmin(app);
  });
  afterAll(async () => {
    await app.stop();
  });

  it('when the routing refresh after a promotion fails, the promotion still answers 200 and the poll serves it', async () => {
    const slug = await createModel(app);
    await deploy(app, reviewer, slug, fresh());
    const v2 = await uploadVersion(app, slug, fresh());
    await approve(app, reviewer, slug, v2);
    const routing = plugin().service('routing-table');
    const refresh = routing.refresh;
    routing.refresh = async () => {
      routing.refresh = refresh; // fails once, as a database hiccup would
      throw new Error('injected refresh failure');
    };

    const res = await app
      .http()
      .post(`/api/model-manager/models/${slug}/versions/${v2}/promote`)
      .set(app.fullAccess)
      .send({});

    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ number: v2, status: 'production' });
    await eventually(async () => {
      const predict = await app
        .http()
        .post(`/api/model-manager/models/${slug}/predict`)
        .set(app.fullAccess)
        .send({ text: 'the wall' });
      return predict.body.meta?.version === v2;
    });
  });

  it('a transition inside a caller’s transaction that rolls back sends no event', async () => {
    const slug = await createModel(app);
    const number = await uploadVersion(app, slug, fresh());
    await app
      .http()
      .post(`/model-manager/models/${slug}/versions/${number}/submit`)
      .set(reviewer.headers)
      .send({});
    const seen: unknown[] = [];
    const listener = async (payload: unknown) => {
      seen.push(payload);
    };
    app.strapi.eventHub.on(MODEL_EVENTS.versionApproved, listener);
    const actor = { kind: 'admin' as const, id: reviewer.id, name: 'reviewer' };

    try {
      const attempt = app.strapi.db.transaction(async () => {
        await plugin().service('lifecycle').transition(slug, number, 'approve', { actor });
        throw new Error('the caller gives up');
      });
      await expect(attempt).rejects.toThrow('the caller gives up');
    } finally {
      app.strapi.eventHub.off(MODEL_EVENTS.versionApproved, listener);
    }

    const version = await app
      .http()
      .get(`/api/model-manager/models/${slug}/versions/${number}`)
      .set(app.fullAccess);
    expect(version.body.data.status).toBe('in_review');
    expect(seen).toEqual([]);
  });
});
