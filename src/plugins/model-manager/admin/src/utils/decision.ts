import type { Prediction } from '../../../shared/contracts/predict';

/** Why the page says "undecided": the server's own verdict, or an exact tie it did not flag (an older server). */
export function undecidedReason(
  prediction: Pick<Prediction, 'undecided' | 'undecidedReason' | 'probabilities'>
): 'tie' | 'no_evidence' | null {
  if (prediction.undecided) return prediction.undecidedReason ?? 'tie';
  const [first, second] = Object.values(prediction.probabilities).sort((a, b) => b - a);
  return second !== undefined && Math.abs(first - second) < 1e-9 ? 'tie' : null;
}
