import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type {
  Explanation,
  Prediction,
  PredictionMeta,
  PredictInput,
} from '../../../../shared/contracts/predict';
import { ArtifactError } from '../../serving-engine/artifact-error';
import { requestCost } from '../../serving-engine/budget';
import { DeadlineError, WorkerReplacedError } from '../../serving-engine/inference-errors';
import { explainTexts } from '../../serving-engine/explain';
import {
  answeringFor,
  personalRows,
  splitExplanation,
} from '../../serving-engine/personal-explain';
import { decide } from '../../serving-engine/undecided';
import { inferenceTimeout, overLimit } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import { pluginConfig } from '../../utils/plugin-config';
import { textKey } from '../../subjects/subject-types';
import type { Caller } from './routing';
import type { Scored } from './runtime';
import type { ServedPersonal } from '../readers/personal-models';

interface ServedVersion {
  slug: string;
  number: number;
  hash: string;
}

/**
 * Serves a predict request: routing picks the version, the runtime scores the texts, and
 * (when asked) the explainer says which words pushed each answer. The answer names its version.
 */
const createPredictionsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const runtime = () => getService(strapi, 'runtime');

  function refuseNonFinite(scored: Scored, version: ServedVersion) {
    const bad = scored.rows.findIndex((row) => row.probabilities.some((p) => !Number.isFinite(p)));
    if (bad < 0) return;
    throw new errors.ApplicationError(
      `Model "${version.slug}" version ${version.number} answered non-finite probabilities (NaN or infinity) for text ${bad}; no prediction is given.`,
      { problem: 'non_finite_output', model: version.slug, version: version.number, index: bad }
    );
  }

  /** The runtime's limits, turned into answers that name the version and the limit. */
  async function servedBy<T>(version: ServedVersion, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const details = { model: version.slug, version: version.number };
      if (error instanceof DeadlineError)
        throw inferenceTimeout(
          `Model "${version.slug}" version ${version.number} did not answer within the ${error.limitMs} ms allowed (inference.deadlineMs); it was stopped.`,
          { ...details, problem: 'deadline', limitMs: error.limitMs }
        );
      if (error instanceof ArtifactError && error.problem === 'memory_limit') {
        const { processMemoryLimitMb } = pluginConfig(strapi).inference;
        throw overLimit(
          `Model "${version.slug}" version ${version.number} ran out of the memory it may use (inference.processMemoryLimitMb: ${processMemoryLimitMb} MB).`,
          { ...details, problem: 'memory_limit', limitMb: processMemoryLimitMb }
        );
      }
      if (error instanceof WorkerReplacedError)
        // lost twice (runtime.ts retries once): a process that keeps dying on this input, e.g. at its memory cap
        throw overLimit(
          `Model "${version.slug}" version ${version.number} could not be served: ${error.message}.`,
          { ...details, problem: 'worker_lost' }
        );
      throw error;
    }
  }

  async function explain(
    version: ServedVersion,
    texts: string[],
    scored: Scored,
    predicted: number[],
    personal: ServedPersonal | undefined
  ): Promise<Explanation[]> {
    if (scored.linear) {
      const exact = await runtime().explainExact(version.hash, texts, predicted);
      return exact.map(({ tokens, bias }) => ({ method: 'exact', bias, tokens }));
    }
    const tokens = await explainTexts(
      texts,
      predicted,
      scored.rows.map((r) => r.probabilities),
      // A personal answer's variants are corrected too: the weights explain the reader's own model.
      async (variants) => {
        const { rows } = await runtime().predictProba(version.hash, variants);
        return personal ? personalRows(variants, rows, personal.correction, personal.gate) : rows;
      },
      pluginConfig(strapi).maxExplainedTokens
    );
    return tokens.map((t) => ({ method: 'leave-one-out', tokens: t }));
  }

  return {
    /** 413 for what is over the configured limits, naming the limit. */
    checkLimits(texts: string[]) {
      const { maxTextLength, maxBatchSize } = pluginConfig(strapi);
      if (texts.length > maxBatchSize) {
        throw new errors.PayloadTooLargeError(
          `Too many texts: ${texts.length}; the limit is ${maxBatchSize} (maxBatchSize).`,
          {
            limit: maxBatchSize,
            field: 'texts',
          }
        );
      }
      const longest = texts.reduce((max, t) => Math.max(max, t.length), 0);
      if (longest > maxTextLength) {
        throw new errors.PayloadTooLargeError(
          `A text is ${longest} characters long; the limit is ${maxTextLength} (maxTextLength).`,
          {
            limit: maxTextLength,
            field: 'text',
          }
        );
      }
    },

    /** 413 when the request's cost (characters x variants scored) is over `requestBudget`. */
    checkBudget(texts: string[], method: 'exact' | 'leave-one-out' | null) {
      const { requestBudget, maxExplainedTokens } = pluginConfig(strapi);
      const cost = requestCost(texts, method, maxExplainedTokens);
      if (cost > requestBudget) {
        const why = method ? ` with a ${method} explanation` : '';
        throw new errors.PayloadTooLargeError(
          `This request would score ${cost} characters${why}; the limit is ${requestBudget} (requestBudget). Send fewer or shorter texts${method ? ', or no explanation' : ''}.`,
          { limit: requestBudget, cost, field: method ? 'explain' : 'texts' }
        );
      }
    },

    async predict(
      slug: string,
      input: PredictInput,
      caller: Caller & { mayReadAll: boolean }
    ): Promise<{ data: Prediction | Prediction[]; meta: PredictionMeta }> {
      // An entry is scored by its text, and remembered by its key, so its label later meets this answer.
      const subject = input.subject
        ? await getService(strapi, 'subjects').read(input.subject)
        : null;
      const texts = input.texts ?? [subject ? subject.text : (input.text as string)];
      this.checkLimits(texts);
      const { modelId, version, variant, scope, personal } = await getService(
        strapi,
        'routing'
      ).resolve(slug, {
        version: input.version,
        mayReadAll: caller.mayReadAll,
        caller,
        global: input.scope === 'global',
      });
      const served: ServedVersion = {
        slug: version.slug,
        number: version.number,
        hash: version.hash,
      };
      const method = input.explain
        ? (await runtime().describe(served.hash)).linear
          ? 'exact'
          : 'leave-one-out'
        : null;
      this.checkBudget(texts, method);

      const scored = await servedBy(served, () => runtime().score(served.hash, texts));
      // the version's class names (integer scikit-learn classes are stored mapped onto the model's labels)
      if (version.classLabels.length === scored.classLabels.length)
        scored.classLabels = version.classLabels;
      refuseNonFinite(scored, served);
      if (personal) {
        const rows = personalRows(
          texts,
          scored.rows.map((r) => r.probabilities),
          personal.correction,
          personal.gate
        );
        scored.rows = scored.rows.map((row, i) => ({ ...row, probabilities: rows[i] }));
      }
      const { undecidedMargin } = pluginConfig(strapi);
      const decisions = scored.rows.map((row) => decide(row, undecidedMargin));
      let explanations = input.explain
        ? await servedBy(served, () =>
            explain(
              served,
              texts,
              scored,
              decisions.map((d) => d.index),
              personal
            )
          )
        : null;
      if (explanations && personal) {
        // The reader's own part of each word (exact explanations; leave-one-out ones already explain the reader's model).
        explanations = explanations.map((e, i) =>
          e.method === 'exact'
            ? splitExplanation(
                e,
                texts[i],
                answeringFor(personal.correction, texts[i], personal.gate),
                decisions[i].index
              )
            : e
        );
      }

      const predictions = decisions.map((decision, i): Prediction => {
        const prediction: Prediction = {
          label: scored.classLabels[decision.index],
          probabilities: Object.fromEntries(
            scored.classLabels.map((label, k) => [label, scored.rows[i].probabilities[k]])
          ),
          undecided: decision.undecided !== null,
        };
        if (decision.undecided) prediction.undecidedReason = decision.undecided;
        if (explanations) prediction.explanation = explanations[i];
        return prediction;
      });
      const meta: PredictionMeta = { model: version.slug, version: version.number, scope, variant };
      getService(strapi, 'monitor').observe(modelId, variant, texts, predictions);
      // A reader's single text is remembered until they label it (outcomes per variant); the shadow scores it too.
      const outcomes = getService(strapi, 'outcomes');
      const reader =
        caller.userId && caller.key && !input.texts
          ? { key: caller.key, subjectKey: subject?.key ?? textKey(texts[0]) }
          : null;
      if (reader)
        await outcomes.record(modelId, reader.key, reader.subjectKey, {
          variant,
          scope,
          served: `${version.slug}@${version.number}`,
          label: predictions[0].label,
        });
      outcomes.shadowScore(
        modelId,
        slug,
        texts,
        predictions.map((p) => p.label),
        reader
      );
      return { data: input.texts ? predictions : predictions[0], meta };
    },
  };
};

export type PredictionsService = ReturnType<typeof createPredictionsService>;
export default createPredictionsService;
