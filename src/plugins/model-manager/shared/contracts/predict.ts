import { z } from 'zod';
import type { ModelScope } from '../constants';

const text = z.string().refine((t) => t.trim().length > 0, 'must not be empty');

/** Body of `POST /models/:slug/predict`: one `text` or a batch of `texts`. */
export const predictBody = z
  .object({
    text: text.optional(),
    texts: z.array(text).min(1, 'must hold at least one text').optional(),
    explain: z.boolean().optional(),
    version: z.number().int().positive().optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if ((body.text === undefined) === (body.texts === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'send either "text" or "texts"' });
    }
  });
export type PredictInput = z.infer<typeof predictBody>;

export interface ExplanationToken {
  text: string;
  start: number;
  end: number;
  /** Positive: pushes toward the predicted label. */
  weight: number;
}

export interface Explanation {
  tokens: ExplanationToken[];
  /**
   * `exact` (our own linear exports): weights are the tokens' shares of the predicted class's
   * log-odds, and `bias` + the weights add up to it. `leave-one-out` (any other model): a weight
   * is how much the predicted probability drops when the word is replaced by a neutral placeholder.
   */
  method: 'exact' | 'leave-one-out';
  bias?: number;
}

/** Why a prediction is undecided: no known word in the text, or a near tie of the top two classes. */
export type UndecidedReason = 'no_evidence' | 'tie';

export interface Prediction {
  /** The most probable class, always present (also when undecided), for clients written before `undecided`. */
  label: string;
  probabilities: Record<string, number>;
  /** The model has no evidence for this text: `label` is then a guess, not a decision. */
  undecided: boolean;
  undecidedReason?: UndecidedReason;
  explanation?: Explanation;
}

export interface PredictionMeta {
  model: string;
  version: number;
  scope: ModelScope;
  variant: 'champion' | 'challenger' | 'pinned';
}

export namespace Predict {
  export interface Response {
    data: Prediction | Prediction[];
    meta: PredictionMeta;
  }
}
