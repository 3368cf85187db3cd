import type { IncomingMessage, ServerResponse } from 'http';
import type { Core } from '@strapi/strapi';
import { createPredictLane } from './predict-lane';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Puts the predict lane (predict-lane.ts) in front of Koa on Strapi's HTTP server: each request
 * is offered to the lane first, and goes to Koa's handler, untouched, when the lane declines it.
 */
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
  server.removeListener('request', koa);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    lane(req, res).then(
      (answered) => answered || koa(req, res),
      (error: Error) => {
        strapi.log.error(error);
        if (!res.headersSent) koa(req, res);
      }
    );
  });
}
