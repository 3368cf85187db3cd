import { freePort, startApp } from '../../harness/app-process';

export { freePort };

/** A second Strapi process on the same database as this test's instance: what a load balancer would see. */
export interface Instance {
  url: string;
  pid: number;
  stop: () => Promise<void>;
}

/** `strapi start` on this worker's database (the shared harness), with extra environment (e.g. plugin options). */
export async function startSecondInstance(env: Record<string, string> = {}): Promise<Instance> {
  const app = await startApp({ env });
  return { url: app.url, pid: app.pid, stop: () => app.stop() };
}
