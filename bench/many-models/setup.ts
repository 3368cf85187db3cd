/**
 * Setup on a server whose cache holds every model: each model is created, uploaded (API token),
 * reviewed (admin), promoted (API token) and predicted at once - a promotion must serve immediately.
 */
import { openSession } from '../lib/ort';
import {
  call,
  createModel,
  predictPath,
  uploadApprovePromote,
  type Credentials,
  type StrapiServer,
} from '../lib/strapi';
import type { Artifact } from './artifacts';
import { MODELS, SETUP_CONCURRENCY, progress } from './options';

export interface SetupResult {
  seconds: number;
  timings: { upload: number[]; review: number[]; promote: number[] };
  afterPromote: { ok: number; failed: number; statuses: Record<string, number>; first: string };
}

export async function deployAll(
  server: StrapiServer,
  creds: Credentials,
  artifacts: Artifact[],
  texts: string[]
): Promise<SetupResult> {
  const timings = { upload: [] as number[], review: [] as number[], promote: [] as number[] };
  const t0 = performance.now();
  const afterPromote = { ok: 0, failed: 0, statuses: {} as Record<string, number>, first: '' };
  let nextModel = 0;
  let done = 0;
  const worker = async () => {
    while (nextModel < MODELS) {
      const a = artifacts[nextModel];
      nextModel += 1;
      await createModel(server.base, creds, a.slug, `Many-models ${a.slug}`);
      await uploadApprovePromote(server.base, creds, a.slug, a.bytes, timings);
      const res = await call(server.base, 'POST', predictPath(a.slug), {
        bearer: creds.apiToken,
        json: { text: texts[0] },
        expect: [200, 201, 204, 400, 403, 404, 409, 500, 503],
      });
      if (res.status === 200) afterPromote.ok += 1;
      else {
        afterPromote.failed += 1;
        afterPromote.statuses[res.status] = (afterPromote.statuses[res.status] ?? 0) + 1;
        afterPromote.first ||= `${a.slug}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
      }
      done += 1;
      if (done % 50 === 0) progress(`set up ${done}/${MODELS} models`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, SETUP_CONCURRENCY) }, worker));
  return { seconds: (performance.now() - t0) / 1000, timings, afterPromote };
}

/**
 * Correctness spot check: 3 models answer what onnxruntime says for their own artifact; max |dp|.
 * Waits for two routing polls first: a promotion may reach the local routing table only with the next poll.
 */
export async function spotCheck(
  server: StrapiServer,
  creds: Credentials,
  artifacts: Artifact[],
  texts: string[]
): Promise<number> {
  await new Promise((r) => setTimeout(r, 600));
  let spotDiff = 0;
  for (const m of [0, Math.floor(MODELS / 2), MODELS - 1]) {
    const session = await openSession(artifacts[m].bytes);
    const expected = await session.predict([texts[m]]);
    const res = await call(server.base, 'POST', predictPath(artifacts[m].slug), {
      bearer: creds.apiToken,
      json: { text: texts[m] },
    });
    session.classLabels.forEach((label, k) => {
      spotDiff = Math.max(spotDiff, Math.abs(res.body.data.probabilities[label] - expected[k]));
    });
    await session.release();
  }
  return spotDiff;
}
