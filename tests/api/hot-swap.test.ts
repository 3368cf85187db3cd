import { createAdmin, type AdminSession } from '../helpers/admin';
import {
  approve,
  createModel,
  deploy,
  promote,
  promoteAsEditor,
  uploadVersion,
} from '../helpers/models';
import { eventually } from '../helpers/eventually';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startSecondInstance, type Instance } from '../helpers/second-instance';
import { startApp, type TestApp } from '../helpers/strapi';

/** A bound for waiting on another instance's poll on a swamped CI machine, not a timing. */
const LONG_WAIT = { timeoutMs: 60_000, intervalMs: 50 };

// The fixture's P(red | "the wall") is sigmoid(2 * strength): each version's answer identifies it.
const expectedRed = (strength: number) => 1 / (1 + Math.exp(-2 * strength));

describe('hot swap: promotion and rollback while serving', () => {
  let app: TestApp;
  let reviewer: AdminSession;
  beforeAll(async () => {
    app = await startApp();
    reviewer = await createAdmin(app);
  });
  afterAll(async () => {
    await app.stop();
  });

  it('under load, no request fails and every answer comes from the version it names', async () => {
    const slug = await createModel(app);
    const strengths: Record<number, number> = {};
    const v1 = await deploy(app, reviewer, slug, textClassifierOnnx({ strength: 1 }));
    strengths[v1] = 1;
    const v2 = await uploadVersion(app, slug, textClassifierOnnx({ strength: 3 }));
    strengths[v2] = 3;
    await approve(app, reviewer, slug, v2);

    let running = true;
    const answers: Array<{ status: number; version: number; red: number }> = [];
    const client = async () => {
      while (running) {
        const res = await app
          .http()
          .post(`/api/model-manager/models/${slug}/predict`)
          .set(app.fullAccess)
          .send({ text: 'the wall' });
        answers.push({
          status: res.status,
          version: res.body.meta?.version,
          red: res.body.data?.probabilities?.red,
        });
      }
    };
    const clients = Array.from({ length: 6 }, client);

    const servedAfter: number[] = [];
    const next = async () =>
      (
        await app
          .http()
          .post(`/api/model-manager/models/${slug}/predict`)
          .set(app.fullAccess)
          .send({ text: 'the wall' })
      ).body.meta.version;
    try {
      for (let round = 0; round < 3; round += 1) {
        await promoteAsEditor(app, reviewer, slug, v2); // from the second round on, v2 served before
        servedAfter.push(await next());
        const rollback = await app
          .http()
          .post(`/api/model-manager/models/${slug}/rollback`)
          .set(app.fullAccess)
          .send({});
        expect(rollback.status).toBe(200);
        servedAfter.push(await next());
      }
    } finally {
      running = false;
      await Promise.all(clients);
    }

    expect(answers.length).toBeGreaterThan(50);
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    for (const a of answers) expect(a.red).toBeCloseTo(expectedRed(strengths[a.version]), 5);
    expect(new Set(answers.map((a) => a.version))).toEqual(new Set([v1, v2]));
    // the very next request on this instance is answered by what was just promoted or restored
    expect(servedAfter).toEqual([v2, v1, v2, v1, v2, v1]);
  });

  it('when several models are promoted at once, each is served right after its own promote returns', async () => {
    const slugs = await Promise.all([1, 2, 3, 4, 5, 6].map(() => createModel(app)));
    const numbers = await Promise.all(
      slugs.map((slug, i) => uploadVersion(app, slug, textClassifierOnnx({ strength: 6 + i / 4 })))
    );
    for (const [i, slug] of slugs.entries()) await approve(app, reviewer, slug, numbers[i]);

    const served = await Promise.all(
      slugs.map(async (slug, i) => {
        await promote(app, slug, numbers[i]);
        return (
          await app
            .http()
            .post(`/api/model-manager/models/${slug}/predict`)
            .set(app.fullAccess)
            .send({ text: 'the wall' })
        ).status;
      })
    );

    expect(served).toEqual([200, 200, 200, 200, 200, 200]);
  });

  describe('with a second instance on the same database', () => {
    let other: Instance;
    beforeAll(async () => {
      other = await startSecondInstance();
    });
    afterAll(async () => {
      await other.stop();
    });

    it('a promotion here is served there without restart, within the routing poll', async () => {
      const slug = await createModel(app);
      const v1 = await deploy(app, reviewer, slug, textClassifierOnnx({ strength: 1.25 }));
      const v2 = await uploadVersion(app, slug, textClassifierOnnx({ strength: 2.75 }));
      await approve(app, reviewer, slug, v2);
      const askOther = async () => {
        const res = await fetch(`${other.url}/api/model-manager/models/${slug}/predict`, {
          method: 'POST',
          headers: { ...app.fullAccess, 'Content-Type': 'application/json' },
          body: JSON.stringify({ text: 'the wall' }),
        });
        return {
          status: res.status,
          body: (await res.json()) as {
            meta: { version: number };
            data: { probabilities: { red: number } };
          },
        };
      };
      // the other instance learns of v1 by its own poll
      const before = await eventually(async () => {
        const res = await askOther();
        return res.status === 200 ? res : null;
      }, LONG_WAIT);

      await promote(app, slug, v2);
      const statuses: number[] = [];
      const after = await eventually(async () => {
        const res = await askOther();
        statuses.push(res.status);
        return res.body.meta?.version === v2 ? res : null;
      }, LONG_WAIT);

      expect(before.body.meta.version).toBe(v1);
      expect(after.body.meta.version).toBe(v2);
      expect(after.body.data.probabilities.red).toBeCloseTo(expectedRed(2.75), 5);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
    });
  });
});
