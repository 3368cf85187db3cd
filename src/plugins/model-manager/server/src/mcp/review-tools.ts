import { ai } from '@strapi/strapi';
import { z } from '@strapi/utils';
import { comparison } from '../../../shared/contracts/compare';
import { getService } from '../utils/get-service';
import {
  READ_AUTH,
  answer,
  refusing,
  headline,
  headlineOf,
  modelSlug,
  versionNumber,
} from './tool-support';

const delta = z.object({ accuracy: z.number(), macroF1: z.number() }).nullable();

const awaitingOutput = z.object({
  versions: z.array(
    z.object({
      model: z.string(),
      number: z.number().int(),
      source: z.string(),
      notes: z.string().nullable(),
      createdBy: z.string().nullable(),
      metrics: headline,
      champion: z.object({ number: z.number().int(), metrics: headline }).nullable(),
      /** candidate minus champion, on the same evaluation set */
      againstChampion: delta,
    })
  ),
});

/** Versions in review, each with its evaluation beside the champion's (what a reviewer weighs). */
export const awaitingReviewTool = ai.mcp.defineTool({
  name: 'model_manager_versions_awaiting_review',
  title: 'Versions awaiting review',
  description:
    'Lists the versions submitted for review (of one model, or of all), each with its evaluation metrics against the production champion. Reviewing itself is done by a person in the admin panel.',
  auth: READ_AUTH,
  resolveInputSchema: () => z.object({ model: modelSlug.optional() }),
  resolveOutputSchema: () => awaitingOutput,
  createHandler: (strapi) =>
    refusing(async ({ args }) => {
      const slugs = args.model
        ? [(await getService(strapi, 'models').requireModel(args.model)).slug as string]
        : (await getService(strapi, 'models').list({ page: 1, pageSize: 100 })).data.map(
            (m) => m.slug
          );
      const versions = [];
      for (const slug of slugs) {
        const all = await getService(strapi, 'registry').list(slug);
        const champion = all.find((v) => v.status === 'production') ?? null;
        const championMetrics = headlineOf(champion?.metrics);
        for (const v of all.filter((x) => x.status === 'in_review')) {
          const metrics = headlineOf(v.metrics);
          const comparable =
            metrics && championMetrics && metrics.dataset === championMetrics.dataset;
          versions.push({
            model: slug,
            number: v.number,
            source: v.source,
            notes: v.notes,
            createdBy: v.createdByActor?.name ?? null,
            metrics,
            champion: champion ? { number: champion.number, metrics: championMetrics } : null,
            againstChampion: comparable
              ? {
                  accuracy: metrics.accuracy - championMetrics.accuracy,
                  macroF1: metrics.macroF1 - championMetrics.macroF1,
                }
              : null,
          });
        }
      }
      return answer({ versions });
    }),
});

const FLIPS_SHOWN = 10;

/** Two versions scored on the model's evaluation set, as the admin Compare tab shows them. */
export const compareVersionsTool = ai.mcp.defineTool({
  name: 'model_manager_compare_versions',
  title: 'Compare two versions',
  description:
    'Scores two versions of a model on its evaluation set: accuracy, macro-F1, AUC, confusion matrices and examples whose label flips (baseline defaults to the production version).',
  auth: READ_AUTH,
  resolveInputSchema: () =>
    z.object({ model: modelSlug, candidate: versionNumber, baseline: versionNumber.optional() }),
  resolveOutputSchema: () =>
    z.object({
      dataset: z.string(),
      size: z.number().int(),
      labels: z.array(z.string()),
      candidate: z.object({
        number: z.number().int(),
        metrics: headline,
        confusion: z.array(z.array(z.number())),
      }),
      baseline: z
        .object({
          number: z.number().int(),
          metrics: headline,
          confusion: z.array(z.array(z.number())),
        })
        .nullable(),
      flipCount: z.number().int(),
      flips: comparison.shape.flips,
    }),
  createHandler: (strapi) =>
    refusing(async ({ args }) => {
      const c = await getService(strapi, 'evaluation').compare(
        args.model,
        args.candidate,
        args.baseline
      );
      const side = (s: {
        number: number;
        metrics: Record<string, unknown> & { confusion: number[][] };
      }) => ({
        number: s.number,
        metrics: headlineOf(s.metrics),
        confusion: s.metrics.confusion,
      });
      return answer({
        dataset: c.dataset,
        size: c.size,
        labels: c.labels,
        candidate: side(c.candidate),
        baseline: c.baseline ? side(c.baseline) : null,
        flipCount: c.flips.length,
        flips: c.flips.slice(0, FLIPS_SHOWN),
      });
    }),
});
