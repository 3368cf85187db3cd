import type { Core } from '@strapi/strapi';
import type { PrewarmReport } from '../../../../shared/contracts/runtime';
import { shadowHashes } from '../../database/repositories/shadows';
import { getService } from '../../utils/get-service';
import { pluginConfig } from '../../utils/plugin-config';

/**
 * Prewarming: every version that serves traffic (the routing table's champions and challengers,
 * then every model's shadow version, which scores its requests in the background) is loaded into the session cache before its first request, so that request pays no artifact
 * fetch, session creation, compile or parity check. After boot and after each routing change a
 * pass runs in the background; a version that newly serves is also loaded before the table that
 * serves it is swapped in (routing-table.ts waits for that, no request does). One load at a time,
 * the event loop free between loads, and only into free room (SessionCache.hasRoom): a served
 * version is never evicted to load another. A pass under way when the table changes starts over
 * on the new table; destroy stops it after the load under way.
 */
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

const createPrewarmService = ({ strapi }: { strapi: Core.Strapi }) => {
  let pass: Promise<void> | null = null;
  let tableChanged = false;
  let stopped = false;
  let full = false;
  let loaded = 0;
  let failed = 0;
  /** what the routing table serves, as it last said (it tells this service, never the reverse) */
  let served: string[] = [];
  /** the shadow versions' artifacts, read at each pass (a shadow is not in the routing table) */
  let shadows: string[] = [];
  const targets = () => [...new Set([...served, ...shadows])];
  /** prewarming's loads run one after another, whichever path asked */
  let slot: Promise<void> = Promise.resolve();
  const enabled = () => pluginConfig(strapi).prewarm;

  function loadOne(hash: string): Promise<void> {
    const run = slot.then(async () => {
      const runtime = getService(strapi, 'runtime');
      if (stopped || runtime.isLoaded(hash) || !runtime.hasRoom()) return;
      await yieldToRequests();
      try {
        await runtime.warm([hash]);
        loaded += 1;
      } catch (error) {
        failed += 1; // remembered by the runtime's failure memo; a request gets the same error
        strapi.log.warn(`[model-manager] could not prewarm ${hash}: ${(error as Error).message}`);
      }
    });
    slot = run.catch(() => undefined);
    return run;
  }

  /** Loads the hashes not loaded yet, in order; false when the cache had no room for the next. */
  async function loadAll(hashes: string[], cancelled: () => boolean): Promise<boolean> {
    const runtime = getService(strapi, 'runtime');
    for (const hash of hashes) {
      if (cancelled()) return true;
      if (runtime.isLoaded(hash)) continue;
      if (!runtime.hasRoom()) return false;
      await loadOne(hash);
    }
    return true;
  }

  async function run() {
    do {
      tableChanged = false;
      await yieldToRequests(); // never inside the caller's turn (boot, a routing refresh)
      shadows = await shadowHashes(strapi).catch(() => shadows);
      const wanted = targets();
      full = !(await loadAll(wanted, () => stopped || tableChanged));
      if (full)
        strapi.log.info(
          `[model-manager] prewarm: the session cache holds ${wanted.filter((h) => getService(strapi, 'runtime').isLoaded(h)).length} of ${wanted.length} served versions and has no room for more`
        );
    } while (tableChanged && !stopped);
  }

  return {
    /** Loads the versions a new routing table adds, before it serves (awaited by the routing refresh). */
    async beforeServing(fresh: string[]): Promise<void> {
      if (!enabled() || stopped) return;
      await loadAll(fresh, () => stopped);
    },

    /**
     * Starts a background pass over what serves now, or has the one under way start over;
     * `servedHashes`: the routing table's, when it changed.
     */
    schedule(servedHashes?: string[]): void {
      if (servedHashes) served = servedHashes;
      if (!enabled() || stopped) return;
      if (pass) {
        tableChanged = true;
        return;
      }
      pass = run()
        .catch((error: Error) => {
          strapi.log.warn(`[model-manager] prewarm: ${error.message}`);
        })
        .finally(() => {
          pass = null;
        });
    },

    report(): PrewarmReport {
      const wanted = targets();
      const runtime = getService(strapi, 'runtime');
      return {
        enabled: enabled(),
        running: pass !== null,
        served: wanted.length,
        warm: wanted.filter((hash) => runtime.isLoaded(hash)).length,
        full,
        loaded,
        failed,
      };
    },

    /** No load starts after this; waits for the one under way (before the runtime closes). */
    async stop(): Promise<void> {
      stopped = true;
      await pass;
      await slot;
    },
  };
};

export type PrewarmService = ReturnType<typeof createPrewarmService>;
export default createPrewarmService;
