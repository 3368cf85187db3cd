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

export interface Prediction {
  label: string;
  probabilities: Record<string, number>;
  explanation?: { tokens: ExplanationToken[] };
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
