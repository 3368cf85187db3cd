/**
 * Through real HTTP on a booted Strapi (`strapi start`, the compiled app): readers sign up with
 * /api/auth/local/register (the Authenticated role holds the reader actions from the bootstrap),
 * label holdout utterances, and we time from each feedback's 201 to the first predict whose
 * answer differs from the one before the label; then predict throughput by a reader with a
 * personal model, the same reader asking `scope: "global"`, and the API token (fast path).
 */
import { closedLoop } from '../lib/load';
import { call, predictPath } from '../lib/strapi';
import { percentile } from '../lib/stats';

interface Reader {
  jwt: string;
}

export interface LatencyFigures {
  measured: number;
  changedOnFirstPredict: number;
  feedbackP50: number;
  feedbackP99: number;
  changeP50: number;
  changeP99: number;
}

const probeOf = (res: { body: any }) => JSON.stringify(res.body.data.probabilities);

export async function signUp(base: string, n: number): Promise<Reader[]> {
  const readers: Reader[] = [];
  for (let i = 0; i < n; i += 1) {
    const username = `bench-reader-${process.pid}-${i}`;
    const res = await call(base, 'POST', '/api/auth/local/register', {
      json: { username, email: `${username}@example.test`, password: 'Reader-password-1' },
    });
    readers.push({ jwt: res.body.jwt });
  }
  return readers;
}

/** Each reader labels `perReader` texts; labels from the `minLabels`-th on (personal model active) are measured. */
export async function labelLatency(
  base: string,
  slug: string,
  readers: Reader[],
  rows: Array<{ text: string; label: string }>,
  perReader: number,
  minLabels: number
): Promise<LatencyFigures> {
  const feedbackMs: number[] = [];
  const changeMs: number[] = [];
  let firstTime = 0;
  const probe = 'We need to talk about taxes, jobs and health care for working families.';
  let cursor = 0;
  for (const reader of readers) {
    let before = probeOf(
      await call(base, 'POST', predictPath(slug), { bearer: reader.jwt, json: { text: probe } })
    );
    for (let l = 1; l <= perReader; l += 1) {
      const row = rows[cursor++ % rows.length];
      const t0 = performance.now();
      await call(base, 'POST', `/api/model-manager/models/${slug}/feedback`, {
        bearer: reader.jwt,
        json: { data: { text: row.text, label: row.label } },
        expect: [201],
      });
      const t201 = performance.now();
      if (l < minLabels) continue;
      feedbackMs.push(t201 - t0);
      let tries = 0;
      for (;;) {
        tries += 1;
        const now = probeOf(
          await call(base, 'POST', predictPath(slug), { bearer: reader.jwt, json: { text: probe } })
        );
        if (now !== before || tries >= 100) {
          before = now;
          break;
        }
      }
      changeMs.push(performance.now() - t201);
      if (tries === 1) firstTime += 1;
    }
  }
  return {
    measured: changeMs.length,
    changedOnFirstPredict: firstTime,
    feedbackP50: percentile(feedbackMs, 50),
    feedbackP99: percentile(feedbackMs, 99),
    changeP50: percentile(changeMs, 50),
    changeP99: percentile(changeMs, 99),
  };
}

export async function throughput(
  base: string,
  slug: string,
  bearerToken: string,
  body: object,
  n: number,
  concurrency: number
) {
  const payload = JSON.stringify(body);
  const result = await closedLoop({
    base,
    n,
    concurrency,
    request: () => ({
      path: predictPath(slug),
      body: payload,
      headers: { authorization: `Bearer ${bearerToken}` },
    }),
  });
  return result;
}
