/**
 * Accuracy of predictions over readers' labels, each account weighed the way its votes are
 * (capped-votes.ts): its rows together count at most its standing, so neither one prolific reader
 * nor a crowd of fresh accounts sets the figure. The interval is a percentile bootstrap over whole
 * accounts (one reader's answers are not independent).
 */
import { bootstrapIntervals, type Interval } from './bootstrap';

export interface AccountOutcomes {
  /** labelled predictions of the account, and how many were right */
  labelled: number;
  correct: number;
  /** what each of its rows weighs (trust, spread past the account's budget); 0 leaves it out */
  rowWeight: number;
}

export interface WeightedAccuracy {
  accuracy: number;
  interval: Interval;
  /** accounts whose rows weighed anything: what the figure rests on */
  accounts: number;
  /** summed weight of the rows counted */
  weight: number;
}

/** The weighted accuracy, or null when no account weighs anything. */
export function accountAccuracy(
  outcomes: readonly AccountOutcomes[],
  options: { resamples: number; seed: number }
): WeightedAccuracy | null {
  const counted = outcomes.filter((o) => o.rowWeight > 0 && o.labelled > 0);
  if (!counted.length) return null;
  const n = counted.map((o) => o.rowWeight * o.labelled);
  const c = counted.map((o) => o.rowWeight * o.correct);
  const statistic = (counts: Float64Array) => {
    let w = 0;
    let right = 0;
    counts.forEach((k, i) => {
      w += k * n[i];
      right += k * c[i];
    });
    return [w ? right / w : NaN];
  };
  const weight = n.reduce((a, b) => a + b, 0);
  const [interval] = bootstrapIntervals(counted.length, statistic, options);
  return {
    accuracy: c.reduce((a, b) => a + b, 0) / weight,
    interval,
    accounts: counted.length,
    weight,
  };
}
