/**
 * Limited-memory BFGS minimiser with a strong-Wolfe line search (Nocedal & Wright, alg. 7.4,
 * 3.5 and 3.6). Deterministic: no randomness, fixed evaluation order.
 */

/** Returns f(x) and writes the gradient into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  maxIterations: number;
  /** Stop when max |gradient| <= gtol. */
  gtol: number;
  /** Stop when the relative decrease of f over one iteration is <= ftol. */
  ftol: number;
  /** Number of correction pairs kept. */
  memory: number;
  onIteration?: (info: LbfgsIteration) => void;
}

export interface LbfgsIteration {
  iteration: number;
  loss: number;
  gradientNorm: number;
}

export interface LbfgsResult {
  x: Float64Array;
  loss: number;
  iterations: number;
  converged: boolean;
  /** Why it stopped; 'line-search' means no acceptable step was found (x is the last good point). */
  reason: 'gtol' | 'ftol' | 'max-iterations' | 'line-search';
}

const C1 = 1e-4;
const C2 = 0.9;
const MAX_EVALS = 40;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

interface Point {
  step: number;
  f: number;
  slope: number;
}

/** Strong-Wolfe line search along d from x; leaves the accepted point in xNew/gNew. */
function lineSearch(
  fn: Objective,
  x: Float64Array,
  d: Float64Array,
  f0: number,
  slope0: number,
  firstStep: number,
  xNew: Float64Array,
  gNew: Float64Array
): Point | undefined {
  let evals = 0;
  const evaluate = (step: number): Point => {
    evals++;
    for (let i = 0; i < x.length; i++) xNew[i] = x[i] + step * d[i];
    const f = fn(xNew, gNew);
    return { step, f, slope: dot(gNew, d) };
  };
  const sufficient = (p: Point) => p.f <= f0 + C1 * p.step * slope0;
  const curvature = (p: Point) => Math.abs(p.slope) <= -C2 * slope0;

  // Zoom between lo (satisfies sufficient decrease) and hi, by safeguarded cubic interpolation.
  const zoom = (lo: Point, hi: Point): Point | undefined => {
    while (evals < MAX_EVALS) {
      const step = interpolate(lo, hi);
      const p = evaluate(step);
      if (!sufficient(p) || p.f >= lo.f) {
        hi = p;
      } else {
        if (curvature(p)) return p;
        if (p.slope * (hi.step - lo.step) >= 0) hi = lo;
        lo = p;
      }
      if (Math.abs(hi.step - lo.step) <= 1e-16 * Math.max(1, lo.step)) break;
    }
    // Leave the best sufficient-decrease point evaluated last, if any.
    if (lo.step > 0) {
      const p = evaluate(lo.step);
      return p;
    }
    return undefined;
  };

  let prev: Point = { step: 0, f: f0, slope: slope0 };
  let step = firstStep;
  for (let i = 0; evals < MAX_EVALS; i++) {
    const p = evaluate(step);
    if (!Number.isFinite(p.f)) {
      step /= 10; // overflow: retreat without counting this as a bracket
      continue;
    }
    if (!sufficient(p) || (i > 0 && p.f >= prev.f)) return zoom(prev, p);
    if (curvature(p)) return p;
    if (p.slope >= 0) return zoom(p, prev);
    prev = p;
    step *= 2;
  }
  return undefined;
}

/** Minimiser of the cubic through two points with slopes, kept inside the inner 80 % of the bracket. */
function interpolate(a: Point, b: Point): number {
  const lo = Math.min(a.step, b.step);
  const hi = Math.max(a.step, b.step);
  const d1 = a.slope + b.slope - (3 * (a.f - b.f)) / (a.step - b.step);
  const disc = d1 * d1 - a.slope * b.slope;
  let step = NaN;
  if (disc >= 0) {
    const d2 = Math.sign(b.step - a.step) * Math.sqrt(disc);
    step = b.step - (b.step - a.step) * ((b.slope + d2 - d1) / (b.slope - a.slope + 2 * d2));
  }
  const margin = 0.1 * (hi - lo);
  if (!Number.isFinite(step) || step < lo + margin || step > hi - margin) step = (lo + hi) / 2;
  return step;
}

/**
 * Two-loop recursion d = -H g, each axpy fused with the dot product the next step needs so the
 * vectors are streamed through once per correction pair and loop.
 */
function twoLoop(
  g: Float64Array,
  sList: Float64Array[],
  yList: Float64Array[],
  rho: number[],
  alpha: Float64Array,
  d: Float64Array
): void {
  const n = g.length;
  const m = sList.length;
  for (let i = 0; i < n; i++) d[i] = -g[i];
  if (m === 0) return;
  let nextDot = dot(sList[m - 1], d);
  for (let k = m - 1; k >= 0; k--) {
    const a = (alpha[k] = rho[k] * nextDot);
    const y = yList[k];
    const s = k > 0 ? sList[k - 1] : undefined;
    let acc = 0;
    for (let i = 0; i < n; i++) {
      d[i] -= a * y[i];
      if (s) acc += s[i] * d[i];
    }
    nextDot = acc;
  }
  const last = m - 1;
  const gamma = dot(sList[last], yList[last]) / dot(yList[last], yList[last]);
  let acc = 0;
  const y0 = yList[0];
  for (let i = 0; i < n; i++) {
    d[i] *= gamma;
    acc += y0[i] * d[i];
  }
  for (let k = 0; k < m; k++) {
    const coef = alpha[k] - rho[k] * acc;
    const s = sList[k];
    const y = k + 1 < m ? yList[k + 1] : undefined;
    acc = 0;
    for (let i = 0; i < n; i++) {
      d[i] += coef * s[i];
      if (y) acc += y[i] * d[i];
    }
  }
}

export function minimizeLbfgs(fn: Objective, x0: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = fn(x, g);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const d = new Float64Array(n);
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(options.memory);

  if (maxAbs(g) <= options.gtol)
    return { x, loss: f, iterations: 0, converged: true, reason: 'gtol' };

  for (let iter = 1; iter <= options.maxIterations; iter++) {
    twoLoop(g, sList, yList, rho, alpha, d);
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      sList.length = yList.length = rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i];
      slope = dot(g, d);
    }
    const firstStep = sList.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const p = lineSearch(fn, x, d, f, slope, firstStep, xNew, gNew);
    if (!p || !(p.f <= f))
      return { x, loss: f, iterations: iter - 1, converged: false, reason: 'line-search' };

    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (sList.length === options.memory) {
        sList.shift();
        yList.shift();
        rho.shift();
      }
      sList.push(s);
      yList.push(y);
      rho.push(1 / sy);
    }
    const fPrev = f;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    f = p.f;
    const gNorm = maxAbs(g);
    options.onIteration?.({ iteration: iter, loss: f, gradientNorm: gNorm });
    if (gNorm <= options.gtol)
      return { x, loss: f, iterations: iter, converged: true, reason: 'gtol' };
    if ((fPrev - f) / Math.max(Math.abs(fPrev), Math.abs(f), 1) <= options.ftol) {
      return { x, loss: f, iterations: iter, converged: true, reason: 'ftol' };
    }
  }
  return {
    x,
    loss: f,
    iterations: options.maxIterations,
    converged: false,
    reason: 'max-iterations',
  };
}
