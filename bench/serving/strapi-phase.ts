/**
 * (c) Strapi REST predict with a full-access API token, for one configuration variant: single-text
 * load, then the largest batch (all texts if accepted) timed against one in-process run.
 */
import { postJson } from '../lib/http';
import type { Session } from '../lib/ort';
import { builtConfigReads, bearer, predictPath, removeDb } from '../lib/strapi';
import { hwmKiB } from '../lib/procs';
import { flag } from '../lib/cli';
import { Correctness, loadTest, timeRuns, type Target } from './measure';
import { BATCH_RUNS, SLUG, progress } from './options';
import { setupStrapi } from './servers';

export interface Variant {
  key: string;
  name: string;
  env: Record<string, string>;
}

export interface StrapiRun {
  key: string;
  target: Target;
  batchSize: number;
  batchMs: number[];
  inProcAtSizeMs: number[];
  refused: { size: number; status: number; message: string }[];
  hwmKiB: number;
  bootMs: number;
  fastPathAnswered: boolean | null;
  headers: string[];
}

/** As configured by default, and with the predict fast path off when the build has that switch. */
export function strapiVariants(): Variant[] {
  const fastPathKnown = builtConfigReads('MODEL_MANAGER_FAST_PATH');
  const variants: Variant[] = [
    {
      key: 'strapi',
      name: fastPathKnown ? 'Strapi REST (API token), default config' : 'Strapi REST (API token)',
      env: {},
    },
  ];
  if (fastPathKnown && !flag('no-fast-path-off')) {
    variants.push({
      key: 'strapi-fastpath-off',
      name: 'Strapi REST (API token), MODEL_MANAGER_FAST_PATH=false',
      env: { MODEL_MANAGER_FAST_PATH: 'false' },
    });
  }
  // the default config serves the model from its compiled scorer (serving-engine/scorer/); this row is onnxruntime's
  if (builtConfigReads('MODEL_MANAGER_COMPILED_SCORERS') && !flag('no-onnxruntime-row')) {
    variants.push({
      key: 'strapi-onnxruntime',
      name: 'Strapi REST (API token), MODEL_MANAGER_COMPILED_SCORERS=false',
      env: { MODEL_MANAGER_COMPILED_SCORERS: 'false' },
    });
  }
  return variants;
}

export async function strapiPhase(
  v: Variant,
  modelBytes: Uint8Array,
  bodies: string[],
  texts: string[],
  session: Session,
  inProcOneRunMs: number[],
  correctness: Correctness
): Promise<StrapiRun> {
  const { server, creds } = await setupStrapi(modelBytes, undefined, v.env);
  const url = server.base + predictPath(SLUG);
  const auth = bearer(creds.apiToken);
  await correctness.checkSingles(v.key, url, auth, (j) => j.data);
  // response headers and Server-Timing tell whether the fast path answered
  const probe = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: bodies[0],
  });
  await probe.text();
  const headers = [...probe.headers.keys()].sort();
  const timing = probe.headers.get('server-timing');
  const target = await loadTest(v.name, url, auth, bodies, server.pid);

  progress(`${v.key}: batch`);
  const batch = await largestBatch(v.key, url, auth, texts, session, correctness);
  let batchMs: number[] = [];
  let inProcAtSizeMs: number[] = [];
  if (batch.size > 0) {
    batchMs = await timeRuns(
      BATCH_RUNS,
      async () => {
        const r = await postJson(url, batch.body, auth);
        if (r.status !== 200) throw new Error(`${v.key} batch: HTTP ${r.status}`);
      },
      `${v.key} {texts}`,
      [server.pid]
    );
    if (batch.size !== texts.length) {
      const part = texts.slice(0, batch.size);
      inProcAtSizeMs = await timeRuns(BATCH_RUNS, () => session.predict(part));
    } else {
      inProcAtSizeMs = inProcOneRunMs; // the same reference for every variant
    }
  }
  const hwm = hwmKiB(server.pid);
  await server.stop();
  removeDb(server.dbFile);
  return {
    key: v.key,
    target,
    batchSize: batch.size,
    batchMs,
    inProcAtSizeMs,
    refused: batch.refused,
    hwmKiB: hwm,
    bootMs: server.bootMs,
    fastPathAnswered:
      timing === null ? (Object.keys(v.env).length ? false : null) : /fastpath/.test(timing),
    headers,
  };
}

/** All texts in one request, else the largest of a few smaller sizes that the server accepts. */
async function largestBatch(
  key: string,
  url: string,
  auth: Record<string, string>,
  texts: string[],
  session: Session,
  correctness: Correctness
) {
  const sizes = [texts.length, 1000, 800, 600, 400, 200, 100, 50].filter((n) => n <= texts.length);
  const refused: StrapiRun['refused'] = [];
  let body = '';
  for (const n of sizes) {
    body = JSON.stringify({ texts: texts.slice(0, n) });
    const r = await postJson(url, body, auth);
    if (r.status === 200) {
      correctness.checkBatch(
        key,
        JSON.parse(r.text).data,
        await session.predict(texts.slice(0, n))
      );
      return { size: n, body, refused };
    }
    refused.push({ size: n, status: r.status, message: r.text.slice(0, 200) });
    progress(
      `${key} refused a batch of ${n} texts (${Buffer.byteLength(body)} bytes): HTTP ${r.status} ${r.text.slice(0, 200)}`
    );
  }
  return { size: 0, body, refused };
}
