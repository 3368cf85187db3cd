import { ai } from '@strapi/strapi';
import { z } from '@strapi/utils';
import { explanationToken, type Prediction } from '../../../shared/contracts/predict';
import { getService } from '../utils/get-service';
import { READ_AUTH, answer, refusing, modelSlug, versionNumber } from './tool-support';

const TOP_WORDS = 10;

const input = z.object({
  model: modelSlug,
  text: z.string().refine((t) => t.trim().length > 0, 'must not be empty'),
  version: versionNumber
    .optional()
    .describe('pin a version (any status); default: what the routing serves'),
});

const output = z.object({
  label: z.string(),
  probabilities: z.record(z.string(), z.number()),
  /** the words that pushed the answer most, strongest first; positive weight: toward `label` */
  words: z.array(explanationToken),
  model: z.string(),
  version: z.number().int(),
  variant: z.string(),
});

/** Predict and explain one text, as the admin playground does (Read action, any version may be pinned). */
export const predictTextTool = ai.mcp.defineTool({
  name: 'model_manager_predict',
  title: 'Predict and explain a text',
  description:
    'Classifies a text with a Model Manager model and lists the words that pushed the answer, with which version answered.',
  auth: READ_AUTH,
  resolveInputSchema: () => input,
  resolveOutputSchema: () => output,
  createHandler: (strapi) =>
    refusing(async ({ args }) => {
      const { data, meta } = await getService(strapi, 'predictions').predict(
        args.model,
        { text: args.text, explain: true, version: args.version },
        { mayReadAll: true }
      );
      const prediction = data as Prediction;
      const words = [...(prediction.explanation?.tokens ?? [])]
        .filter((t) => t.weight !== 0)
        .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
        .slice(0, TOP_WORDS);
      return answer({
        label: prediction.label,
        probabilities: prediction.probabilities,
        words,
        ...meta,
      });
    }),
});
