import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { latestTexts } from '../../database/repositories/feedback';
import { type Background, backgroundOf } from '../../ml/personal-correction';
import { ByteLru } from '../../serving-engine/byte-lru';
import { getService } from '../../utils/get-service';

const SCORE_CHUNK = 64;
// The model's own texts the common-word filter counts (a sample: the latest rows), re-read after a while.
const BACKGROUND_TEXTS = 5_000;
const BACKGROUND_TTL_MS = 10 * 60_000;
const BACKGROUND_MODELS = 16;

const textHash = (text: string) => createHash('sha1').update(text).digest('base64');

/**
 * What a refit of personal models reads again and again, kept per process (not part of the
 * personal-models service's own state): the champion's probabilities of the texts readers
 * labelled, per artifact and text (a refit rescores only new texts), in an LRU of `scoreBytes`; and
 * each model's background corpus (document frequencies of its latest texts), a few models, re-read
 * after a while.
 */
export function createPersonalCaches(strapi: Core.Strapi, scoreBytes: () => number) {
  let scores: ByteLru<number[]> | null = null;
  const scoreCache = () =>
    (scores ??= new ByteLru<number[]>(Math.max(1024, Math.floor(scoreBytes()))));
  const backgrounds = new Map<number, { at: number; background: Background }>();

  return {
    /** Document frequencies of the model's latest texts (every source): words in most of them are nobody's view; cached a while. */
    async backgroundFor(modelId: number): Promise<Background> {
      const hit = backgrounds.get(modelId);
      if (hit && Date.now() - hit.at < BACKGROUND_TTL_MS) return hit.background;
      const texts = await latestTexts(strapi, modelId, BACKGROUND_TEXTS);
      const background = backgroundOf(texts.flatMap((text) => (text ? [text] : [])));
      backgrounds.delete(modelId);
      backgrounds.set(modelId, { at: Date.now(), background });
      if (backgrounds.size > BACKGROUND_MODELS)
        backgrounds.delete(backgrounds.keys().next().value!);
      return background;
    },

    /** The champion's probabilities of each text (cached per artifact and text). */
    async baseOf(hash: string, texts: string[]): Promise<number[][]> {
      const keys = texts.map((t) => `${hash}:${textHash(t)}`);
      const missing = [...new Set(texts.filter((_, i) => !scoreCache().get(keys[i])))];
      for (let start = 0; start < missing.length; start += SCORE_CHUNK) {
        const chunk = missing.slice(start, start + SCORE_CHUNK);
        const { rows } = await getService(strapi, 'runtime').predictProba(hash, chunk);
        chunk.forEach((text, i) =>
          scoreCache().set(`${hash}:${textHash(text)}`, rows[i], 96 + rows[i].length * 8)
        );
      }
      // A text scored in this call but already evicted again (a tiny cache) is scored once more.
      const out: number[][] = [];
      for (const [i, key] of keys.entries())
        out.push(
          scoreCache().get(key) ??
            (await getService(strapi, 'runtime').predictProba(hash, [texts[i]])).rows[0]
        );
      return out;
    },

    stats: () => ({ scores: scores?.stats() ?? null, backgrounds: backgrounds.size }),

    clear() {
      scores?.clear();
      scores = null;
      backgrounds.clear();
    },
  };
}
