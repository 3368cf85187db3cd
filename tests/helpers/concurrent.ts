import type { Response } from 'supertest';
import { eventually } from './eventually';

/**
 * Runs `action` and, once its work is seen in progress (`busy`: server state, e.g. the model's
 * session leased or a sandbox running), keeps sending `probe` one after another. A probe answered
 * while `busy` still held is the proof that the server kept answering others during the work: a
 * wedged event loop answers none while the work runs (and this process, the server's own, could
 * not even observe it). It decides by state, never by how many probes fit in the time. Every probe
 * must answer `expectedProbeStatus`.
 */
export async function whileOthersAreServed(
  action: () => PromiseLike<Response>,
  probe: () => PromiseLike<Response>,
  busy: () => boolean,
  expectedProbeStatus = 200
): Promise<{ res: Response; answeredWhileBusy: boolean }> {
  let settled = false;
  let answeredWhileBusy = false;
  const failures: string[] = [];
  const pending = Promise.resolve(action()).finally(() => {
    settled = true;
  });
  const caller = (async () => {
    await eventually(async () => settled || busy(), { timeoutMs: 120_000, intervalMs: 5 });
    // Until one probe is answered while busy (the work may pause between its runs: keep probing).
    while (!settled && !answeredWhileBusy) {
      const answer = await probe();
      if (answer.status !== expectedProbeStatus)
        failures.push(`${answer.status} ${JSON.stringify(answer.body)}`);
      answeredWhileBusy = !settled && busy();
    }
  })();
  const res = await pending;
  await caller;
  if (failures.length) throw new Error(`a concurrent call failed: ${failures[0]}`);
  return { res, answeredWhileBusy };
}
