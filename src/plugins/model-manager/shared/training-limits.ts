/**
 * The trainer's parameter limits, zod-free: the server's schema (contracts/training.ts) enforces
 * them and the admin's form says them inline, in words, before anything is sent.
 */
export const TRAINING_LIMITS = {
  /** a term must occur in at least this many training texts */
  minDf: { min: 1, max: 100, integer: true },
  /** inverse regularisation of logistic regression */
  C: { min: 0, max: 1e4, exclusiveMin: true, integer: false },
  /** additive smoothing of naive Bayes */
  alpha: { min: 0, max: 100, exclusiveMin: true, integer: false },
} as const;

export type LimitedParameter = keyof typeof TRAINING_LIMITS;

export type LimitProblem =
  | { kind: 'missing' }
  | { kind: 'integer' }
  | { kind: 'below'; min: number; exclusive: boolean }
  | { kind: 'above'; max: number }
  /** minDf above the number of texts there are to train on: no term could pass */
  | { kind: 'more-than-rows'; rows: number };

/** What is wrong with one parameter's value, or null. `rows`: the texts a run would train on, when known. */
export function limitProblem(
  parameter: LimitedParameter,
  value: number | undefined,
  rows?: number
): LimitProblem | null {
  const limit: { min: number; max: number; integer: boolean; exclusiveMin?: boolean } =
    TRAINING_LIMITS[parameter];
  if (value === undefined || Number.isNaN(value)) return { kind: 'missing' };
  if (limit.integer && !Number.isInteger(value)) return { kind: 'integer' };
  if (limit.exclusiveMin ? value <= limit.min : value < limit.min)
    return { kind: 'below', min: limit.min, exclusive: !!limit.exclusiveMin };
  if (value > limit.max) return { kind: 'above', max: limit.max };
  if (parameter === 'minDf' && rows !== undefined && rows > 0 && value > rows)
    return { kind: 'more-than-rows', rows };
  return null;
}
