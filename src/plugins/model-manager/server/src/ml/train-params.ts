/** Hyperparameters of the text classifier, their defaults and validation of untrusted input. */

export type Algorithm = 'logistic-regression' | 'naive-bayes';
export type ClassWeight = 'balanced' | 'none';
/**
 * auto: temperature scaling. It keeps every argmax, so labels (and accuracy, macro-F1) stay those
 * the CV chose; Platt's shift moves the decision threshold (on the debates: ECE 0.027 but macro-F1
 * 0.811 against 0.822; temperature: ECE 0.013, labels unchanged). Platt falls back to temperature
 * for more than two classes.
 */
export type CalibrationParam = 'auto' | 'platt' | 'temperature' | 'none';

export interface TrainParams {
  algorithm: Algorithm;
  /** Word n-gram lengths, inclusive. */
  ngramRange: [number, number];
  /** Minimum number of training documents a term must occur in. */
  minDf: number;
  /** tf -> 1 + ln(tf). */
  sublinearTf: boolean;
  /** 'balanced' weighs each sample by n_samples / (n_classes * count(its class)). */
  classWeight: ClassWeight;
  /** Inverse L2 strength of logistic regression (scikit-learn's C). */
  C: number;
  /** L-BFGS iteration cap. */
  maxIterations: number;
  /** L-BFGS gradient tolerance on the objective divided by C * sum of sample weights. */
  tolerance: number;
  /** Naive Bayes additive smoothing. */
  alpha: number;
  /** Porter stemming; such a model cannot be exported to ONNX. */
  stem: boolean;
  /** Post-hoc calibration fitted on out-of-fold scores within the training rows (calibration.ts). */
  calibration: CalibrationParam;
}

/**
 * Chosen by grouped (by debate) 5-fold cross-validation on the debate corpus's training file only, maximising
 * pooled out-of-fold macro-F1 (`node bench/run-ts.js bench/train.ts --tune` reproduces it).
 * Class-balanced naive Bayes on 1-3-grams won (CV macro-F1 0.803, AUC 0.892); the best logistic
 * regression reached 0.775 / 0.849. C = 1 is the best C for logistic regression at these settings.
 */
export const DEFAULT_TRAIN_PARAMS: Readonly<TrainParams> = Object.freeze({
  algorithm: 'naive-bayes',
  ngramRange: [1, 3] as [number, number],
  minDf: 3,
  sublinearTf: true,
  classWeight: 'balanced',
  C: 1,
  maxIterations: 1000,
  tolerance: 1e-7,
  alpha: 0.3,
  stem: false,
  calibration: 'auto',
});

export class TrainParamsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainParamsError';
  }
}

const KEYS = Object.keys(DEFAULT_TRAIN_PARAMS) as (keyof TrainParams)[];

function fail(key: string, expected: string, value: unknown): never {
  throw new TrainParamsError(`${key} must be ${expected}, got ${JSON.stringify(value)}`);
}

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1;
}

/** Defaults overlaid with `input` (e.g. a request body); unknown keys and bad values throw. */
export function parseTrainParams(input: unknown = {}): TrainParams {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new TrainParamsError('train params must be an object');
  }
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KEYS.includes(key as keyof TrainParams))
      throw new TrainParamsError(`unknown train param "${key}"`);
  }
  const p: TrainParams = {
    ...DEFAULT_TRAIN_PARAMS,
    ngramRange: [...DEFAULT_TRAIN_PARAMS.ngramRange],
  };
  const v = (key: keyof TrainParams): unknown => raw[key];

  if (v('algorithm') !== undefined) {
    const a = v('algorithm');
    if (a !== 'logistic-regression' && a !== 'naive-bayes')
      fail('algorithm', "'logistic-regression' | 'naive-bayes'", a);
    p.algorithm = a;
  }
  if (v('ngramRange') !== undefined) {
    const r = v('ngramRange');
    if (
      !Array.isArray(r) ||
      r.length !== 2 ||
      !isPositiveInt(r[0]) ||
      !isPositiveInt(r[1]) ||
      r[1] < r[0] ||
      r[1] > 5
    ) {
      fail('ngramRange', '[min, max] integers with 1 <= min <= max <= 5', r);
    }
    p.ngramRange = [r[0], r[1]];
  }
  if (v('minDf') !== undefined) {
    if (!isPositiveInt(v('minDf'))) fail('minDf', 'an integer >= 1', v('minDf'));
    p.minDf = v('minDf') as number;
  }
  for (const key of ['sublinearTf', 'stem'] as const) {
    if (v(key) !== undefined) {
      if (typeof v(key) !== 'boolean') fail(key, 'a boolean', v(key));
      p[key] = v(key) as boolean;
    }
  }
  if (v('classWeight') !== undefined) {
    const c = v('classWeight');
    if (c !== 'balanced' && c !== 'none') fail('classWeight', "'balanced' | 'none'", c);
    p.classWeight = c;
  }
  for (const key of ['C', 'tolerance', 'alpha'] as const) {
    if (v(key) !== undefined) {
      const x = v(key);
      if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0)
        fail(key, 'a finite number > 0', x);
      p[key] = x;
    }
  }
  if (v('calibration') !== undefined) {
    const c = v('calibration');
    if (c !== 'auto' && c !== 'platt' && c !== 'temperature' && c !== 'none')
      fail('calibration', "'auto' | 'platt' | 'temperature' | 'none'", c);
    p.calibration = c;
  }
  if (v('maxIterations') !== undefined) {
    const m = v('maxIterations');
    if (!isPositiveInt(m) || m > 100000) fail('maxIterations', 'an integer in 1..100000', m);
    p.maxIterations = m;
  }
  return p;
}
