import type { Core } from '@strapi/strapi';
import { articleSyncsSettled, registerArticleSignals } from './api/article/signals';

export default {
  register(_: { strapi: Core.Strapi }) {},

  bootstrap({ strapi }: { strapi: Core.Strapi }) {
    registerArticleSignals(strapi);
  },

  async destroy() {
    await articleSyncsSettled();
  },
};
