import type { Core } from '@strapi/strapi';
import { stopFastPath } from './fast-path';
import { entrySyncsSettled } from './subjects/entry-sync';
import { getService } from './utils/get-service';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  // Saves already made still score their entry and record its tag before anything closes.
  await entrySyncsSettled();
  await getService(strapi, 'retraining').stop();
  // First, while the database is still open: terminate a running worker and fail its run.
  await getService(strapi, 'training').stop();
  await getService(strapi, 'monitor').stop();
  await getService(strapi, 'routing-table').stop();
  await getService(strapi, 'prewarm').stop(); // no load may start once the runtime closes
  getService(strapi, 'outcomes').stopPruning();
  // Predictions' outcomes still queued (written off the request path) are written now.
  await getService(strapi, 'outcomes')
    .flush()
    .catch((error: Error) =>
      strapi.log.warn(`[model-manager] prediction outcomes not written: ${error.message}`)
    );
  await stopFastPath(strapi);
  await getService(strapi, 'runtime').destroy();
  await getService(strapi, 'personal-models').stop();
  getService(strapi, 'personal-models').destroy();
  getService(strapi, 'database-health').stop();
};

export default destroy;
