import { z } from '@strapi/utils';
import { MODEL_SCOPES } from '../constants';
import { subjectRef } from './subjects';

const text = z.string().refine((t) => t.trim().length > 0, 'must not be empty');

/** Body of `POST /models/:slug/predict`: one `text`, a batch of `texts`, or one registered entry's text (`subject`). */
export const predictBody = z
  .object({
    text: text.optional(),
    texts: z.array(text).min(1, 'must hold at least one text').optional(),
    subject: subjectRef.optional(),
    explain: z.boolean().optional(),
    version: z.number().int().positive().optional(),
    /** "global": answer from the global chain (champion or challenger) even for a reader with a personal model. */
    scope: z.enum(['global']).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if ([body.text, body.texts, body.subject].filter((v) => v !== undefined).length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        message: 'send one of "text", "texts" or "subject"',
      });
    }
  });
export type PredictInput = z.infer<typeof predictBody>;

export const explanationToken = z.object({
  text: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  /** Positive: pushes toward the predicted label. */
  weight: z.number(),
  /** Personal models only: the shared model's part of `weight` and the reader's own (they add up to it). */
  base: z.number().optional(),
  own: z.number().optional(),
});
export type ExplanationToken = z.infer<typeof explanationToken>;

export const explanation = z.object({
  tokens: z.array(explanationToken),
  /**
   * `exact` (our own linear exports): weights are the tokens' shares of the predicted class's
   * log-odds, and `bias` + the weights add up to it. `leave-one-out` (any other model): a weight
   * is how much the predicted probability drops when the word is replaced by a neutral placeholder.
   */
  method: z.enum(['exact', 'leave-one-out']),
  bias: z.number().optional(),
  /** Personal models only: the reader's own part of `bias`. */
  ownBias: z.number().optional(),
});
export type Explanation = z.infer<typeof explanation>;

/** Why a prediction is undecided: no known word in the text, or a near tie of the top two classes. */
export const undecidedReason = z.enum(['no_evidence', 'tie']);
export type UndecidedReason = z.infer<typeof undecidedReason>;

/** Loose: a prediction may carry more than these fields, and clients should ignore what they do not know. */
export const prediction = z.looseObject({
  /** The most probable class, always present (also when undecided), for clients written before `undecided`. */
  label: z.string(),
  probabilities: z.record(z.string(), z.number()),
  /** The model has no evidence for this text: `label` is then a guess, not a decision. */
  undecided: z.boolean(),
  undecidedReason: undecidedReason.optional(),
  explanation: explanation.optional(),
});
export type Prediction = z.infer<typeof prediction>;

export const predictionMeta = z.object({
  model: z.string(),
  version: z.number().int(),
  scope: z.enum(MODEL_SCOPES),
  /** `personal`: the champion corrected by the caller's own labels. */
  variant: z.enum(['champion', 'challenger', 'pinned', 'personal']),
});
export type PredictionMeta = z.infer<typeof predictionMeta>;

/** `data` is one prediction for `text`, a list for `texts`. */
export const predictResponse = z.object({
  data: z.union([prediction, z.array(prediction)]),
  meta: predictionMeta,
});

export namespace Predict {
  export type Response = z.infer<typeof predictResponse>;
}
