import {
  adminApi,
  createFullAccessToken,
  inviteSuperAdmin,
  registerFirstAdmin,
} from '../helpers/http-admin';
import { eventually } from '../helpers/eventually';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startSecondInstance, type Instance } from '../helpers/second-instance';
import {
  canRunThrowawayPostgres,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../helpers/throwaway-postgres';

// PostgreSQL stopped and started under a running Strapi: its own server, so no other suite notices.
const runs = process.env.DATABASE_CLIENT === 'postgres' && canRunThrowawayPostgres();

interface Answer {
  status: number;
  error?: string;
}

(runs ? describe : describe.skip)('when PostgreSQL goes away under load and comes back', () => {
  let postgres: ThrowawayPostgres;
  let strapi: Instance;
  beforeAll(async () => {
    postgres = await startThrowawayPostgres();
    strapi = await startSecondInstance({
      DATABASE_PORT: String(postgres.port),
      DATABASE_NAME: 'postgres',
      DATABASE_HOST: '127.0.0.1',
      DATABASE_USERNAME: 'postgres',
    });
  }, 180_000);
  afterAll(async () => {
    await strapi?.stop();
    postgres?.destroy();
  });

  it('requests fail fast with a 503 while it is down, and succeed again without restarting Strapi', async () => {
    const owner = await registerFirstAdmin(strapi.url);
    const reviewer = await inviteSuperAdmin(strapi.url, owner);
    const token = await createFullAccessToken(strapi.url, owner);
    const slug = await adminApi.createModel(strapi.url, owner);
    const number = await adminApi.upload(
      strapi.url,
      owner,
      slug,
      textClassifierOnnx({ strength: 1 })
    );
    await adminApi.review(strapi.url, reviewer, slug, number);
    await adminApi.promote(strapi.url, owner, slug, number);

    const answers: Answer[] = [];
    let running = true;
    const ask = async (path: string, init: RequestInit) => {
      const res = await fetch(`${strapi.url}${path}`, init);
      const body = (await res.json().catch(() => null)) as { error?: { name: string } } | null;
      answers.push({ status: res.status, error: body?.error?.name });
    };
    const clients = [
      async () => {
        while (running) {
          await ask(`/api/model-manager/models/${slug}/predict`, {
            method: 'POST',
            headers: { ...token, 'Content-Type': 'application/json' },
            body: JSON.stringify({ text: 'the wall' }),
          });
        }
      },
      async () => {
        while (running) await ask(`/api/model-manager/models/${slug}`, { headers: token });
      },
    ].map((client) => client());

    try {
      await eventually(async () => answers.filter((a) => a.status === 200).length >= 20, {
        timeoutMs: 30_000,
      });
      postgres.stop('fast');
      await eventually(async () => answers.filter((a) => a.status === 503).length >= 20, {
        timeoutMs: 120_000,
      });
      const downAnswers = answers.filter((a) => a.status === 503);
      postgres.start();
      const restartedAt = answers.length;
      await eventually(
        async () => answers.slice(restartedAt).filter((a) => a.status === 200).length >= 20,
        { timeoutMs: 120_000 }
      );

      expect(new Set(downAnswers.map((a) => a.error))).toEqual(
        new Set(['ServiceUnavailableError'])
      );
      expect(answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
    } finally {
      running = false;
      await Promise.all(clients);
    }
  }, 600_000);
});
