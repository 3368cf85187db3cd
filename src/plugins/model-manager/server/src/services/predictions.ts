import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Prediction, PredictionMeta, PredictInput } from '../../../shared/contracts/predict';
import { explainTexts } from '../serving/explain';
import { getService } from '../utils/get-service';
import { pluginConfig } from '../utils/plugin-config';

function argmax(row: number[]): number {
  let best = 0;
  for (let i = 1; i < row.length; i += 1) if (row[i] > row[best]) best = i;
  return best;
}

/**
 * Serves a predict request: routing picks the version, the runtime scores the texts, and
 * (when asked) the explainer says which words pushed each answer. The answer names its version.
 */
const createPredictionsService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** 413 for what is over the configured limits, naming the limit. */
  checkLimits(texts: string[]) {
    const { maxTextLength, maxBatchSize } = pluginConfig(strapi);
    if (texts.length > maxBatchSize) {
      throw new errors.PayloadTooLargeError(`Too many texts: ${texts.length}; the limit is ${maxBatchSize} (maxBatchSize).`, {
        limit: maxBatchSize,
        field: 'texts',
      });
    }
    const longest = texts.reduce((max, t) => Math.max(max, t.length), 0);
    if (longest > maxTextLength) {
      throw new errors.PayloadTooLargeError(`A text is ${longest} characters long; the limit is ${maxTextLength} (maxTextLength).`, {
        limit: maxTextLength,
        field: 'text',
      });
    }
  },

  async predict(slug: string, input: PredictInput, caller: { mayReadAll: boolean }): Promise<{ data: Prediction | Prediction[]; meta: PredictionMeta }> {
    const texts = input.texts ?? [input.text as string];
    this.checkLimits(texts);
    const { version, variant } = await getService(strapi, 'routing').resolve(slug, { version: input.version, mayReadAll: caller.mayReadAll });
    const runtime = getService(strapi, 'runtime');
    const { rows, classLabels } = await runtime.predictProba(version.hash, texts);
    const predicted = rows.map(argmax);

    const explanations = input.explain
      ? await explainTexts(
          texts,
          predicted,
          rows,
          async (variants) => (await runtime.predictProba(version.hash, variants)).rows,
          pluginConfig(strapi).maxExplainedTokens
        )
      : null;

    const predictions = rows.map((row, i): Prediction => {
      const prediction: Prediction = {
        label: classLabels[predicted[i]],
        probabilities: Object.fromEntries(classLabels.map((label, k) => [label, row[k]])),
      };
      if (explanations) prediction.explanation = { tokens: explanations[i] };
      return prediction;
    });
    const meta: PredictionMeta = { model: version.slug, version: version.number, scope: version.scope, variant };
    return { data: input.texts ? predictions : predictions[0], meta };
  },
});

export type PredictionsService = ReturnType<typeof createPredictionsService>;
export default createPredictionsService;
