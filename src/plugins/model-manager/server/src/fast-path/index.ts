import type { IncomingMessage, ServerResponse } from 'http';
import type { Core } from '@strapi/strapi';
import { createPredictLane } from './predict-lane';
import type { TokenChanges } from './token-changes';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Puts the predict lane (predict-lane.ts) in front of Koa on Strapi's HTTP server: each request
 * is offered to the lane first, and goes to Koa's handler, untouched, when the lane declines it.
 */
/** Per Strapi instance: tests boot several in one process. */
const installed = new WeakMap<Core.Strapi, TokenChanges>();

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
  installed.set(strapi, lane.tokenChanges);
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

/** Stops following token changes (its PostgreSQL listener), while the database is still open. */
export async function stopFastPath(strapi: Core.Strapi): Promise<void> {
  await installed.get(strapi)?.stop();
  installed.delete(strapi);
}
