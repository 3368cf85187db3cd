/**
 * Post-hoc calibration of a linear classifier's raw scores (logits):
 *   platt (binary):       p(labels[1]) = sigmoid(a * z + b), z = scores[1] - scores[0] (the raw log-odds)
 *   temperature (any C):  p = softmax(scores / T)
 * Both are affine in the scores, so the ONNX graph applies either as one Gemm after the logits.
 * Fitted by weighted maximum likelihood (Newton's method; two parameters at most).
 */

export type Calibration =
  | { method: 'platt'; a: number; b: number }
  | { method: 'temperature'; temperature: number };

export type CalibrationMethod = Calibration['method'];

export const IDENTITY_CALIBRATION: Calibration = Object.freeze({
  method: 'temperature',
  temperature: 1,
}) as Calibration;

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

function logSumExp(row: ArrayLike<number>, scale: number): number {
  let max = -Infinity;
  for (let c = 0; c < row.length; c++) max = Math.max(max, row[c] * scale);
  let sum = 0;
  for (let c = 0; c < row.length; c++) sum += Math.exp(row[c] * scale - max);
  return max + Math.log(sum);
}

/** Weighted log loss of sigmoid(a * z + b), plus the ridge; log1p(exp(-m)) computed stably. */
function plattLoss(
  z: ArrayLike<number>,
  y: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  a: number,
  b: number,
  ridge: number
): number {
  let loss = (ridge / 2) * ((a - 1) ** 2 + b ** 2);
  for (let i = 0; i < z.length; i++) {
    const t = a * z[i] + b;
    const m = y[i] ? t : -t;
    loss += (weights?.[i] ?? 1) * (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m)));
  }
  return loss;
}

/**
 * Platt scaling on raw log-odds z with outcomes y (1 = positive): damped Newton (step halved
 * until the loss falls). A tiny ridge keeps the step defined when the data are separable.
 */
export function fitPlatt(
  z: ArrayLike<number>,
  y: ArrayLike<number>,
  weights?: ArrayLike<number>
): Calibration {
  if (z.length !== y.length || z.length === 0)
    throw new RangeError('Platt scaling needs one outcome per score, and at least one');
  const ridge = 1e-6;
  let a = 1;
  let b = 0;
  let loss = plattLoss(z, y, weights, a, b, ridge);
  for (let iter = 0; iter < 100; iter++) {
    let ga = ridge * (a - 1);
    let gb = ridge * b;
    let haa = ridge;
    let hab = 0;
    let hbb = ridge;
    for (let i = 0; i < z.length; i++) {
      const w = weights?.[i] ?? 1;
      const p = sigmoid(a * z[i] + b);
      const r = w * (p - y[i]);
      const h = w * p * (1 - p);
      ga += r * z[i];
      gb += r;
      haa += h * z[i] * z[i];
      hab += h * z[i];
      hbb += h;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    let next = plattLoss(z, y, weights, a - da, b - db, ridge);
    while (next > loss && step > 1e-8) {
      step /= 2;
      next = plattLoss(z, y, weights, a - step * da, b - step * db, ridge);
    }
    if (next > loss) break;
    a -= step * da;
    b -= step * db;
    const improvement = loss - next;
    loss = next;
    if (step * (Math.abs(da) + Math.abs(db)) < 1e-10 || improvement < 1e-12 * Math.max(1, loss))
      break;
  }
  return { method: 'platt', a, b };
}

/** Temperature scaling: T > 0 minimising the log loss of softmax(scores / T); rows are score vectors. */
export function fitTemperature(
  scores: ReadonlyArray<ArrayLike<number>>,
  y: ArrayLike<number>,
  weights?: ArrayLike<number>
): Calibration {
  if (scores.length !== y.length || scores.length === 0)
    throw new RangeError('temperature scaling needs one outcome per row, and at least one');
  // Newton on s = 1/T: the loss sum(w * (lse(s * x) - s * x_y)) is convex in s.
  let s = 1;
  for (let iter = 0; iter < 100; iter++) {
    let g = 0;
    let h = 0;
    for (let i = 0; i < scores.length; i++) {
      const row = scores[i];
      const w = weights?.[i] ?? 1;
      const lse = logSumExp(row, s);
      let mean = 0;
      let second = 0;
      for (let c = 0; c < row.length; c++) {
        const p = Math.exp(row[c] * s - lse);
        mean += p * row[c];
        second += p * row[c] * row[c];
      }
      g += w * (mean - row[y[i]]);
      h += w * (second - mean * mean);
    }
    if (!(h > 0)) break;
    const next = Math.max(1e-3, s - g / h);
    const done = Math.abs(next - s) < 1e-10;
    s = next;
    if (done) break;
  }
  return { method: 'temperature', temperature: 1 / s };
}

/**
 * The calibration as an affine map of a score row, scores' = scores * diag(scale) + bias, for
 * centred binary scores (s0 = -s1): scale a and bias (-b/2, b/2) give s'1 - s'0 = a * z + b.
 */
export function calibrationAffine(
  calibration: Calibration,
  numClasses: number
): { scale: number[]; bias: number[] } {
  if (calibration.method === 'temperature') {
    return {
      scale: new Array(numClasses).fill(1 / calibration.temperature),
      bias: new Array(numClasses).fill(0),
    };
  }
  if (numClasses !== 2)
    throw new RangeError('Platt scaling is for two classes; use temperature scaling');
  return { scale: [calibration.a, calibration.a], bias: [-calibration.b / 2, calibration.b / 2] };
}

/** Calibrated scores of one row (softmax of them gives the calibrated probabilities). */
export function calibrateScores(scores: ArrayLike<number>, calibration: Calibration): number[] {
  const { scale, bias } = calibrationAffine(calibration, scores.length);
  if (calibration.method === 'platt') {
    // Exact for uncentred scores too: only the difference matters.
    const z = scores[1] - scores[0];
    const t = calibration.a * z + calibration.b;
    return [-t / 2, t / 2];
  }
  return Array.from(scores, (x, c) => x * scale[c] + bias[c]);
}

/** The metadata value of the `calibration` key: exactly the JSON of the object, keys in this order. */
export function calibrationMetadata(calibration: Calibration): string {
  return calibration.method === 'platt'
    ? JSON.stringify({ method: 'platt', a: calibration.a, b: calibration.b })
    : JSON.stringify({ method: 'temperature', temperature: calibration.temperature });
}
