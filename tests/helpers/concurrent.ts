import type { Response } from 'supertest';

/**
 * Runs `action` while a caller keeps sending `probe` one after another, and counts the probe
 * answers that arrived before `action` settled: the proof that the server kept answering
 * others during it (a wedged event loop answers none). Every probe must succeed.
 */
export async function whileOthersAreServed(
  action: () => PromiseLike<Response>,
  probe: () => PromiseLike<Response>,
  expectedProbeStatus = 200
): Promise<{ res: Response; answeredDuring: number }> {
  let settled = false;
  let answeredDuring = 0;
  const failures: string[] = [];
  const pending = Promise.resolve(action()).finally(() => {
    settled = true;
  });
  const caller = (async () => {
    while (!settled) {
      const answer = await probe();
      if (answer.status !== expectedProbeStatus)
        failures.push(`${answer.status} ${JSON.stringify(answer.body)}`);
      if (!settled) answeredDuring += 1;
    }
  })();
  const res = await pending;
  await caller;
  if (failures.length) throw new Error(`a concurrent call failed: ${failures[0]}`);
  return { res, answeredDuring };
}
