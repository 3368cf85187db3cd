/**
 * Reads a server's GET /model-manager/runtime and waits until its prewarming is done: every served
 * version loaded, or the last pass stopped for want of room (services/serving/prewarm.ts).
 */
import { adminLogin, call, type Credentials } from '../lib/strapi';

type Engine = 'compiled' | 'onnxruntime';

export interface Prewarmed {
  /** from the call to this function to the report saying it is done */
  waitedS: number;
  served: number;
  warm: number;
  full: boolean;
  failed: number;
  sessions: number;
  compiled: number;
  onnxruntime: number;
  /** why each engine serves, digits folded, with how many versions */
  reasons: Record<string, number>;
}

interface RuntimeBody {
  sessions?: { size?: number; engines?: Array<{ engine: Engine; reason: string }> };
  prewarm?: { running: boolean; served: number; warm: number; full: boolean; failed: number };
}

async function runtimeOf(base: string, jwt: string): Promise<RuntimeBody> {
  const res = await call(base, 'GET', '/model-manager/runtime', { bearer: jwt });
  return (res.body?.data ?? {}) as RuntimeBody;
}

export async function waitForPrewarm(
  base: string,
  creds: Credentials,
  timeoutMs = 3_600_000
): Promise<Prewarmed> {
  const t0 = performance.now();
  if (!creds.reviewerEmail) throw new Error('the credentials name no admin to log in as');
  const jwt = await adminLogin(base, creds.reviewerEmail);
  for (;;) {
    const body = await runtimeOf(base, jwt);
    const p = body.prewarm;
    if (!p) throw new Error('GET /runtime has no prewarm report: is the build older than prewarm?');
    if (!p.running && (p.warm === p.served || p.full)) {
      const engines = body.sessions?.engines ?? [];
      const reasons: Record<string, number> = {};
      for (const e of engines) {
        const key = `${e.engine}: ${e.reason.replace(/\d+(\.\d+)?(e[+-]?\d+)?/g, '#')}`;
        reasons[key] = (reasons[key] ?? 0) + 1;
      }
      return {
        waitedS: (performance.now() - t0) / 1000,
        served: p.served,
        warm: p.warm,
        full: p.full,
        failed: p.failed,
        sessions: Number(body.sessions?.size ?? NaN),
        compiled: engines.filter((e) => e.engine === 'compiled').length,
        onnxruntime: engines.filter((e) => e.engine === 'onnxruntime').length,
        reasons,
      };
    }
    if (performance.now() - t0 > timeoutMs)
      throw new Error(`prewarm not done after ${timeoutMs} ms: ${JSON.stringify(p)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
