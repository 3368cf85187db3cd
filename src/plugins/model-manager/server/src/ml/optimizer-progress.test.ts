import { minimizeLbfgs } from './lbfgs';
import { createOptimizerProgress } from './optimizer-progress';

describe('optimizer progress from the iterations', () => {
  it('moves with the gradient on a log scale, never back, and reaches 1 at the tolerance', () => {
    const progress = createOptimizerProgress(1000, 1e-4);

    const seen = [
      progress(1, 1),
      progress(2, 1e-1),
      progress(3, 1e-2),
      progress(4, 0.5),
      progress(5, 1e-4),
    ];

    expect(seen[0]).toBeCloseTo(0.001, 6);
    expect(seen[1]).toBeCloseTo(0.25, 6);
    expect(seen[2]).toBeCloseTo(0.5, 6);
    expect(seen[3]).toBe(seen[2]);
    expect(seen[4]).toBe(1);
  });

  it('counts the iteration budget when the gradient stalls', () => {
    const progress = createOptimizerProgress(10, 1e-6);
    expect(progress(1, 1)).toBeCloseTo(0.1);
    expect(progress(9, 1)).toBeCloseTo(0.9);
  });

  it('on a real fit, rises in many small steps rather than one jump', () => {
    const progress = createOptimizerProgress(1000, 1e-6);
    const f = (x: Float64Array, g: Float64Array) => {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        const w = (i + 1) * 3;
        s += w * (x[i] - 1) ** 2 + Math.log(1 + Math.exp(x[i]));
        g[i] = 2 * w * (x[i] - 1) + 1 / (1 + Math.exp(-x[i]));
      }
      return s;
    };
    const steps: number[] = [];
    minimizeLbfgs(f, new Float64Array(20).fill(5), {
      maxIterations: 1000,
      gtol: 1e-6,
      ftol: 0,
      memory: 10,
      onIteration: ({ iteration, gradientNorm }) => steps.push(progress(iteration, gradientNorm)),
    });

    expect(steps.length).toBeGreaterThan(5);
    const jumps = steps.slice(1).map((p, i) => p - steps[i]);
    expect(Math.max(...jumps)).toBeLessThan(0.5);
    expect(steps[steps.length - 1]).toBeGreaterThan(0.9);
  });
});
