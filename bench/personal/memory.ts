/**
 * Memory of 10,000 personal models held the way the server holds them (ByteLru of corrections,
 * serving-engine/byte-lru.ts): each reader's correction is fitted to `labelsPerReader` random train
 * utterances over the base's probabilities. Measured in this process: RSS and V8 heap growth, the
 * bytes the LRU counts, and the JSON size of a row (what the database stores).
 */
import {
  fitCorrection,
  type Correction,
} from '../../src/plugins/model-manager/server/src/ml/personal-correction';
import {
  correctionBytes,
  serialize,
} from '../../src/plugins/model-manager/server/src/ml/correction-codec';
import { seededRandom } from '../../src/plugins/model-manager/server/src/ml/random';
import { ByteLru } from '../../src/plugins/model-manager/server/src/serving-engine/byte-lru';

export interface MemoryFigures {
  readers: number;
  labelsPerReader: number;
  lruBytes: number;
  rssGrowthBytes: number;
  heapGrowthBytes: number;
  meanTokens: number;
  meanJsonBytes: number;
  buildMs: number;
}

export function personalMemory(
  texts: string[],
  base: number[][],
  labels: number[],
  readers = 10_000,
  labelsPerReader = 12
): MemoryFigures {
  const random = seededRandom(11);
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const lru = new ByteLru<Correction>(Number.MAX_SAFE_INTEGER);
  let tokens = 0;
  let json = 0;
  for (let r = 0; r < readers; r += 1) {
    const picked = Array.from({ length: labelsPerReader }, () =>
      Math.floor(random() * texts.length)
    );
    const c = fitCorrection(
      picked.map((i) => ({ text: texts[i], label: labels[i], base: base[i] })),
      2,
      'bench'
    );
    tokens += c.words.size;
    if (r % 100 === 0) json += serialize(c).length;
    lru.set(`1:${r}`, c, correctionBytes(c));
  }
  const buildMs = performance.now() - t0;
  global.gc?.();
  return {
    readers,
    labelsPerReader,
    lruBytes: lru.stats().bytes,
    rssGrowthBytes: process.memoryUsage().rss - rss0,
    heapGrowthBytes: process.memoryUsage().heapUsed - heap0,
    meanTokens: tokens / readers,
    meanJsonBytes: json / Math.ceil(readers / 100),
    buildMs,
  };
}
