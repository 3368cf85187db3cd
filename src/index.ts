import type { Core } from '@strapi/strapi';
import { grantReaderAccess } from './demo/reader-access';
import { startDemo } from './demo/seed';

export default {
  register(_: { strapi: Core.Strapi }) {},

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    // The reader's page (/partisan/) for anonymous visitors and readers: the demo's choice, not a default.
    if (process.env.MODEL_MANAGER_DEMO === 'true' || process.env.PARTISAN_READER_ACCESS === 'true')
      await grantReaderAccess(strapi);
    if (process.env.MODEL_MANAGER_DEMO === 'true') {
      // After the server listens, so the admin is reachable while the demo imports and trains.
      strapi.server.httpServer.once('listening', () => {
        startDemo(strapi).catch((error: Error) => strapi.log.error(`[demo] ${error.message}`));
      });
    }
  },
};
