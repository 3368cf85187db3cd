/**
 * How far an L-BFGS fit has come, from its own iterations. The iteration budget alone says little
 * (a fit that converges after 40 of 1,000 iterations would sit at 4 % and then jump), so the
 * estimate also measures the gradient's fall on a log scale from its first value toward the
 * tolerance that stops the fit; the larger of the two counts, and it never goes back.
 */
export function createOptimizerProgress(maxIterations: number, tolerance: number) {
  let first: number | null = null;
  let best = 0;
  return (iteration: number, gradientNorm: number): number => {
    if (first === null && gradientNorm > 0) first = gradientNorm;
    const byBudget = iteration / maxIterations;
    let byGradient = 0;
    if (first !== null && first > tolerance && gradientNorm > 0) {
      byGradient = Math.log(first / gradientNorm) / Math.log(first / tolerance);
    }
    const estimate = Math.min(
      1,
      Math.max(0, byBudget, Number.isFinite(byGradient) ? byGradient : 0)
    );
    best = Math.max(best, estimate);
    return best;
  };
}
