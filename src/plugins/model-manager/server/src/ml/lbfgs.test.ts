import { minimizeLbfgs, type Objective } from './lbfgs';

const options = { maxIterations: 500, gtol: 1e-10, ftol: 0, memory: 10 };

describe('minimizeLbfgs', () => {
  it('finds the minimum of a convex quadratic', () => {
    // f = (x0 - 3)^2 + 10 (x1 + 1)^2 + x0 x1, minimum where 2(x0-3) + x1 = 0 and 20(x1+1) + x0 = 0:
    // x1 = 6 - 2 x0, so 20 (7 - 2 x0) + x0 = 0, x0 = 140/39 and x1 = -46/39.
    const f: Objective = (x, g) => {
      g[0] = 2 * (x[0] - 3) + x[1];
      g[1] = 20 * (x[1] + 1) + x[0];
      return (x[0] - 3) ** 2 + 10 * (x[1] + 1) ** 2 + x[0] * x[1];
    };
    const r = minimizeLbfgs(f, new Float64Array(2), options);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(140 / 39, 8);
    expect(r.x[1]).toBeCloseTo(-46 / 39, 8);
  });

  it('minimises the Rosenbrock function to (1, 1)', () => {
    const f: Objective = (x, g) => {
      const [a, b] = [x[0], x[1]];
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    };
    const iterations: number[] = [];
    const r = minimizeLbfgs(f, Float64Array.of(-1.2, 1), {
      ...options,
      onIteration: (i) => iterations.push(i.iteration),
    });
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
    // the progress callback fires once per iteration, in order
    expect(iterations).toEqual(Array.from({ length: r.iterations }, (_, i) => i + 1));
  });

  it('stops at the iteration cap and says so', () => {
    const f: Objective = (x, g) => {
      g[0] = 4 * x[0] ** 3;
      return x[0] ** 4;
    };
    const r = minimizeLbfgs(f, Float64Array.of(5), { ...options, maxIterations: 2 });
    expect(r.iterations).toBe(2);
    expect(r.reason).toBe('max-iterations');
    expect(r.converged).toBe(false);
  });
});
