import type { Core } from '@strapi/strapi';
import { stopFastPath } from './fast-path';
import { entrySyncsSettled } from './subjects/entry-sync';
import { getService } from './utils/get-service';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  // Saves already made still score their entry and record its tag before anything closes.
  await entrySyncsSettled();
  // First, while the database is still open: terminate a running worker and fail its run.
  await getService(strapi, 'training').stop();
  await getService(strapi, 'monitor').stop();
  await getService(strapi, 'routing-table').stop();
  getService(strapi, 'outcomes').stopPruning();
  await stopFastPath(strapi);
  await getService(strapi, 'runtime').destroy();
  getService(strapi, 'personal-models').destroy();
  getService(strapi, 'database-health').stop();
};

export default destroy;
