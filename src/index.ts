import type { Core } from '@strapi/strapi';
import { articleSyncsSettled, registerArticleSignals } from './api/article/signals';
import { seedDemo } from './demo/seed';

export default {
  register(_: { strapi: Core.Strapi }) {},

  bootstrap({ strapi }: { strapi: Core.Strapi }) {
    registerArticleSignals(strapi);
    if (process.env.MODEL_MANAGER_DEMO === 'true') {
      // After the server listens, so the admin is reachable while the demo imports and trains.
      strapi.server.httpServer.once('listening', () => {
        seedDemo(strapi).catch((error: Error) => strapi.log.error(`[demo] ${error.message}`));
      });
    }
  },

  async destroy() {
    await articleSyncsSettled();
  },
};
