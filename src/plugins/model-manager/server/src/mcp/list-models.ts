import { ai } from '@strapi/strapi';
import { z } from '@strapi/utils';
import { getService } from '../utils/get-service';
import { READ_AUTH, answer, refusing, headline, headlineOf } from './tool-support';

const output = z.object({
  total: z.number().int(),
  models: z.array(
    z.object({
      slug: z.string(),
      name: z.string(),
      labels: z.array(z.string()),
      scope: z.string(),
      production: z.object({ number: z.number().int(), metrics: headline }).nullable(),
      challengers: z.array(
        z.object({ number: z.number().int(), trafficShare: z.number().nullable() })
      ),
    })
  ),
});

/** Models and what serves each: the production version and any challengers with their traffic share. */
export const listModelsTool = ai.mcp.defineTool({
  name: 'model_manager_list_models',
  title: 'List models',
  description:
    'Lists the Model Manager models with the version in production (and its evaluation) and any challengers taking a share of traffic.',
  auth: READ_AUTH,
  resolveOutputSchema: () => output,
  createHandler: (strapi) =>
    refusing(async () => {
      const { data, pagination } = await getService(strapi, 'models').list({
        page: 1,
        pageSize: 100,
      });
      const models = await Promise.all(
        data.map(async (model) => {
          const versions = await getService(strapi, 'registry').list(model.slug);
          return {
            slug: model.slug,
            name: model.name,
            labels: model.labels,
            scope: model.scope,
            production: model.production
              ? { number: model.production.number, metrics: headlineOf(model.production.metrics) }
              : null,
            challengers: versions
              .filter((v) => v.status === 'challenger')
              .map((v) => ({ number: v.number, trafficShare: v.trafficShare })),
          };
        })
      );
      return answer({ total: pagination.total, models });
    }),
});
