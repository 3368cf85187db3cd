import { createAdmin, type AdminSession } from '../helpers/admin';
import { approve, createModel, deploy, promote, uploadVersion } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { registerReader } from '../helpers/readers';
import { startSecondInstance, type Instance } from '../helpers/second-instance';
import { startApp, type TestApp } from '../helpers/strapi';
import { eventually } from '../helpers/eventually';

// LISTEN/NOTIFY exists only on PostgreSQL; on SQLite instances follow promotions by polling alone.
const onPostgres = process.env.DATABASE_CLIENT === 'postgres';

(onPostgres ? describe : describe.skip)(
  'routing on PostgreSQL: promotions are pushed to every instance',
  () => {
    let app: TestApp;
    let reviewer: AdminSession;
    let other: Instance;
    beforeAll(async () => {
      app = await startApp();
      reviewer = await createAdmin(app);
      // The other instance polls once in ten minutes, keeps a token decision for a minute and a
      // reader's correction revision for ten: only a notification can tell it in time.
      other = await startSecondInstance({
        MODEL_MANAGER_ROUTING_POLL_MS: '600000',
        MODEL_MANAGER_FAST_PATH_TTL_MS: '60000',
        MODEL_MANAGER_PERSONAL_REVISION_TTL_MS: '600000',
      });
    });
    afterAll(async () => {
      await other?.stop();
      await app?.stop();
    });

    const serves = (slug: string, version: number) =>
      eventually(
        async () => {
          expect(await servedThere(slug)).toEqual({ status: 200, version });
          return true;
        },
        { timeoutMs: 30_000 }
      );

    const servedThere = async (slug: string) => {
      const res = await fetch(`${other.url}/api/model-manager/models/${slug}/predict`, {
        method: 'POST',
        headers: { ...app.fullAccess, 'Content-Type': 'application/json' },
        body: JSON.stringify({ text: 'the wall' }),
      });
      const body = (await res.json()) as { meta?: { version: number } };
      return { status: res.status, version: body.meta?.version };
    };

    it('when a version is promoted and rolled back on one instance, the other serves each change without polling', async () => {
      const slug = await createModel(app);
      const v1 = await deploy(app, reviewer, slug, textClassifierOnnx({ strength: 1.5 }));
      await serves(slug, v1);
      const v2 = await uploadVersion(app, slug, textClassifierOnnx({ strength: 2.5 }));
      await approve(app, reviewer, slug, v2);

      await promote(app, slug, v2);
      await serves(slug, v2);

      const rollback = await app
        .http()
        .post(`/api/model-manager/models/${slug}/rollback`)
        .set(app.fullAccess)
        .send({});
      expect(rollback.status).toBe(200);
      await serves(slug, v1);
    });

    it('when a token is revoked on one instance, the other refuses it well before its decision TTL', async () => {
      const slug = await createModel(app);
      await deploy(app, reviewer, slug, textClassifierOnnx({ strength: 3.5 }));
      const created = await app
        .http()
        .post('/admin/api-tokens')
        .set(reviewer.headers)
        .send({ name: `revoked-${slug}`, type: 'full-access', lifespan: null, description: '' });
      const token = { Authorization: `Bearer ${created.body.data.accessKey as string}` };
      const predictThere = () =>
        fetch(`${other.url}/api/model-manager/models/${slug}/predict`, {
          method: 'POST',
          headers: { ...token, 'Content-Type': 'application/json' },
          body: JSON.stringify({ text: 'the wall' }),
        });
      await eventually(async () => (await predictThere()).status === 200, { timeoutMs: 30_000 });
      const served = await predictThere(); // its decision is now cached there for a minute
      expect(served.headers.get('server-timing')).toBe('fastpath');

      const revoked = await app
        .http()
        .delete(`/admin/api-tokens/${created.body.data.id as number}`)
        .set(reviewer.headers);

      expect(revoked.status).toBe(200);
      // a bound for a swamped machine, far below the minute the decision would otherwise live
      const refused = await eventually(
        async () => {
          const res = await predictThere();
          return res.status === 200 ? null : res.status;
        },
        { timeoutMs: 15_000 }
      );
      expect(refused).toBe(401);
    });

    it('when a reader labels on one instance, the other answers from their new correction well before its revision TTL', async () => {
      const slug = await createModel(app);
      await deploy(app, reviewer, slug, textClassifierOnnx({ strength: 1.5 }));
      const reader = await registerReader(app);
      const label = async (text: string) => {
        const res = await app
          .http()
          .post(`/api/model-manager/models/${slug}/feedback`)
          .set(reader.headers)
          .send({ data: { text, label: 'blue' } });
        expect(res.status).toBe(201);
      };
      const redThere = async () => {
        const res = await fetch(`${other.url}/api/model-manager/models/${slug}/predict`, {
          method: 'POST',
          headers: { ...reader.headers, 'Content-Type': 'application/json' },
          body: JSON.stringify({ text: 'the wall and the border towns' }),
        });
        const body = (await res.json()) as {
          data: { probabilities: { red: number } };
          meta: { scope: string };
        };
        return { status: res.status, scope: body.meta?.scope, red: body.data?.probabilities.red };
      };
      for (const text of ['the border towns', 'towns by the wall', 'the wall towns'])
        await label(text);
      // the other instance reads the correction once, and then trusts its revision for ten minutes
      const before = await eventually(
        async () => {
          const answer = await redThere();
          return answer.scope === 'personal' ? answer : null;
        },
        { timeoutMs: 30_000 }
      );

      await label('the wall at the border');
      // a bound for a swamped machine, far below the ten minutes the revision would otherwise live
      const after = await eventually(
        async () => {
          const answer = await redThere();
          return answer.red < before.red ? answer : null;
        },
        { timeoutMs: 15_000 }
      );
      expect(after).toMatchObject({ status: 200, scope: 'personal' });
    });

    it("when a reader is blocked on one instance, the other's reader lane refuses their JWT well before its decision TTL", async () => {
      const slug = await createModel(app);
      await deploy(app, reviewer, slug, textClassifierOnnx({ strength: 4.5 }));
      const reader = await registerReader(app);
      const predictThere = () =>
        fetch(`${other.url}/api/model-manager/models/${slug}/predict`, {
          method: 'POST',
          headers: { ...reader.headers, 'Content-Type': 'application/json' },
          body: JSON.stringify({ text: 'the wall' }),
        });
      await eventually(async () => (await predictThere()).status === 200, { timeoutMs: 30_000 });
      const served = await predictThere(); // its decision is now cached there for a minute
      expect(served.headers.get('server-timing')).toBe('fastpath');

      await app.strapi
        .plugin('users-permissions')
        .service('user')
        .edit(reader.id, { blocked: true });

      // a bound for a swamped machine, far below the minute the decision would otherwise live
      const refused = await eventually(
        async () => {
          const res = await predictThere();
          return res.status === 200 ? null : res.status;
        },
        { timeoutMs: 15_000 }
      );
      expect(refused).toBe(401);
    });
  }
);
