/**
 * The models under test: each trained with the project's own trainer + ONNX exporter on a
 * different seeded subset of the training texts, so every artifact (and its hash) differs.
 */
import crypto from 'node:crypto';
import {
  exportToOnnx,
  trainTextClassifier,
} from '../../src/plugins/model-manager/server/src/ml/index';
import { readJsonl } from '../lib/data';
import { openSession } from '../lib/ort';
import { readMemory } from '../lib/procs';
import { fmt, rng } from '../lib/stats';
import { CACHE, MODELS, SEED, SUBSET, kib2mib, progress, slugOf } from './options';

export interface Artifact {
  slug: string;
  bytes: Uint8Array;
  hash: string;
  vocabulary: number;
}

export function buildArtifacts(): { artifacts: Artifact[]; seconds: number } {
  const train = readJsonl('partisan/train.jsonl');
  if (SUBSET > train.length)
    throw new Error(`--subset ${SUBSET} exceeds the ${train.length} training texts`);
  const t0 = performance.now();
  const artifacts: Artifact[] = [];
  for (let m = 0; m < MODELS; m += 1) {
    const random = rng(SEED * 100_003 + m);
    const picked = new Set<number>();
    while (picked.size < SUBSET) picked.add(Math.floor(random() * train.length));
    const samples = [...picked].map((i) => train[i]);
    const model = trainTextClassifier(samples, {});
    const bytes = exportToOnnx(model);
    artifacts.push({
      slug: slugOf(m),
      bytes,
      hash: crypto.createHash('sha256').update(bytes).digest('hex'),
      vocabulary: model.training.vocabularySize,
    });
  }
  return { artifacts, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Resident memory of one loaded session (same options as the plugin), measured in this process:
 * the cache's byte bound counts artifact bytes, which says little about what a session costs.
 */
export async function perSessionRss(
  artifacts: Artifact[]
): Promise<{ sessionsProbe: number; perSessionKiB: number }> {
  const sessionsProbe = Math.min(CACHE, MODELS);
  if (global.gc) global.gc();
  const rssBefore = readMemory(process.pid)?.rssKiB ?? NaN;
  const probeSessions = [];
  for (let m = 0; m < sessionsProbe; m += 1) {
    const session = await openSession(artifacts[m].bytes);
    await session.predict(['smoke test: does this model answer?', 'a second text']);
    probeSessions.push(session);
  }
  const rssAfter = readMemory(process.pid)?.rssKiB ?? NaN;
  for (const session of probeSessions) await session.release();
  const perSessionKiB = (rssAfter - rssBefore) / sessionsProbe;
  progress(
    `${sessionsProbe} sessions opened in-process: RSS +${kib2mib(rssAfter - rssBefore)} MiB, ${fmt(perSessionKiB / 1024, 2)} MiB each`
  );
  return { sessionsProbe, perSessionKiB };
}
