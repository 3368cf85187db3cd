import type { IncomingMessage, ServerResponse } from 'http';
import type { Core } from '@strapi/strapi';
import { createPredictLane, type FastPathStats } from './predict-lane';
import type { CredentialChanges } from './credential-changes';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Puts the predict lane (predict-lane.ts) in front of Koa on Strapi's HTTP server: each request
 * is offered to the lane first, and goes to Koa's handler, untouched, when the lane declines it.
 */
/** Per Strapi instance: tests boot several in one process. */
const installed = new WeakMap<
  Core.Strapi,
  { changes: CredentialChanges[]; stats: () => FastPathStats }
>();

export function installFastPath(strapi: Core.Strapi): void {
  const server = strapi.server.httpServer;
  const [koa, ...others] = server.listeners('request') as Listener[];
  if (!koa || others.length) {
    strapi.log.warn(
      '[model-manager] predict fast path not installed: the HTTP server has no single request listener'
    );
    return;
  }
  const lane = createPredictLane(strapi);
  installed.set(strapi, lane);
  server.removeListener('request', koa);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    lane.handle(req, res).then(
      (answered) => answered || koa(req, res),
      (error: Error) => {
        strapi.log.error(error);
        if (!res.headersSent) koa(req, res);
      }
    );
  });
}

/** Stops following token and reader changes (their PostgreSQL listeners), while the database is still open. */
export async function stopFastPath(strapi: Core.Strapi): Promise<void> {
  await Promise.all((installed.get(strapi)?.changes ?? []).map((changes) => changes.stop()));
  installed.delete(strapi);
}

/** The lane's decision caches on this instance (null: not installed). */
export const fastPathStats = (strapi: Core.Strapi): FastPathStats | null =>
  installed.get(strapi)?.stats() ?? null;
