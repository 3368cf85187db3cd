import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'routing').stop();
  await getService(strapi, 'runtime').destroy();
};

export default destroy;
