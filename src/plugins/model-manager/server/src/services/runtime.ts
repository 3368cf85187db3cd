import type { Core } from '@strapi/strapi';
import { OnnxTextClassifier } from '../serving/onnx-text-classifier';
import { SessionCache } from '../serving/session-cache';
import { getService } from '../utils/get-service';
import { pluginConfig } from '../utils/plugin-config';

/**
 * onnxruntime in this process: validated loading of uploads, and an LRU of sessions keyed by
 * artifact hash (see serving/session-cache) from which predictions run.
 */
const createRuntimeService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => pluginConfig(strapi);
  const loadOptions = () => ({
    intraOpNumThreads: config().intraOpNumThreads,
    interOpNumThreads: config().interOpNumThreads,
  });
  let cache: SessionCache<OnnxTextClassifier> | null = null;

  const sessions = () => {
    cache ??= new SessionCache<OnnxTextClassifier>(config().sessionCache, async (hash) => {
      const bytes = await getService(strapi, 'artifacts').fetch(hash);
      const classifier = await OnnxTextClassifier.load(bytes, loadOptions());
      return { value: classifier, bytes: bytes.byteLength };
    });
    return cache;
  };

  return {
    /** Loads and checks an upload; throws ArtifactError naming what is wrong. Caller disposes. */
    validate(bytes: Uint8Array): Promise<OnnxTextClassifier> {
      return OnnxTextClassifier.load(bytes, loadOptions());
    },

    /** Probabilities per text, in the artifact's class order, from the cached session. */
    async predictProba(hash: string, texts: string[]): Promise<{ rows: number[][]; classLabels: string[] }> {
      const lease = await sessions().acquire(hash);
      try {
        const rows = await lease.value.predictProba(texts, config().runChunkSize);
        return { rows, classLabels: lease.value.signature.classLabels };
      } finally {
        lease.release();
      }
    },

    /** Loads sessions ahead of traffic (production versions at boot, a version about to serve). */
    async warm(hashes: string[]): Promise<void> {
      await Promise.all(hashes.map(async (hash) => (await sessions().acquire(hash)).release()));
    },

    stats() {
      return sessions().getStats();
    },

    async destroy() {
      await cache?.clear();
      cache = null;
    },
  };
};

export type RuntimeService = ReturnType<typeof createRuntimeService>;
export default createRuntimeService;
