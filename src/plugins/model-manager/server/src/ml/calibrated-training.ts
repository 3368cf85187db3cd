/**
 * Training entry point: the model fitted on every training row, then calibrated on scores it
 * never trained on. Each of k refits leaves one fold out (whole groups when rows carry one,
 * else stratified) and scores it; the calibration is fitted on those pooled out-of-fold raw
 * scores, so no evaluation data and no in-sample score ever shapes it.
 */
import { fitPlatt, fitTemperature, type Calibration } from './calibration';
import { assignFolds } from './folds';
import { fitTextClassifier, type LabelledText, type ProgressCallback } from './pipeline';
import { LinearTextClassifier, type TrainedTextClassifier } from './text-classifier';
import { parseTrainParams, type TrainParams } from './train-params';

export const CALIBRATION_FOLDS = 5;
/** Share of the progress bar the final fit takes; the k refits take the rest. */
const FIT_SHARE = 0.5;

function resolveMethod(
  param: TrainParams['calibration'],
  numClasses: number
): Calibration['method'] | 'none' {
  if (param === 'auto') return 'temperature';
  if (param === 'platt' && numClasses !== 2) return 'temperature';
  return param;
}

/** Out-of-fold raw scores of every row, from k refits with the same parameters. */
function outOfFoldScores(
  samples: readonly LabelledText[],
  params: TrainParams,
  k: number,
  onFold: (f: number) => void
) {
  const { folds, grouped } = assignFolds(samples, k);
  const labelCount = new Set(samples.map((s) => s.label)).size;
  const scores: number[][] = new Array(samples.length);
  for (let f = 0; f < k; f++) {
    const test = samples.map((_, i) => i).filter((i) => folds[i] === f);
    const rest = samples.filter((_, i) => folds[i] !== f);
    // Too few rows of some label to leave a fold out: such a model stays uncalibrated.
    if (!test.length || new Set(rest.map((s) => s.label)).size !== labelCount) return null;
    const model = fitTextClassifier(rest, params);
    model.rawScores(test.map((i) => samples[i].text)).forEach((s, j) => (scores[test[j]] = s));
    onFold(f + 1);
  }
  return { scores, grouped };
}

export function trainTextClassifier(
  samples: readonly LabelledText[],
  params: Partial<TrainParams> = {},
  onProgress?: ProgressCallback
): TrainedTextClassifier {
  const p = parseTrainParams(params);
  const base = fitTextClassifier(
    samples,
    p,
    (progress) =>
      progress.phase !== 'done' &&
      onProgress?.({ ...progress, progress: progress.progress * FIT_SHARE })
  );
  const uncalibrated = () => {
    onProgress?.({ phase: 'done', progress: 1 });
    return new LinearTextClassifier({
      ...base,
      training: { ...base.training, calibration: { method: 'none', folds: 0, grouped: false } },
    });
  };
  const method = resolveMethod(p.calibration, base.labels.length);
  if (method === 'none') return uncalibrated();
  const t0 = performance.now();
  onProgress?.({ phase: 'calibrate', progress: FIT_SHARE });
  const k = CALIBRATION_FOLDS;
  const oof = outOfFoldScores(samples, p, k, (done) =>
    onProgress?.({ phase: 'calibrate', progress: FIT_SHARE + (1 - FIT_SHARE) * (done / k) })
  );
  if (!oof) return uncalibrated();
  const { scores, grouped } = oof;
  const index = new Map(base.labels.map((l, i) => [l, i] as const));
  const y = Int32Array.from(samples, (s) => index.get(s.label) as number);
  // Unweighted on purpose: class weighting shapes the scores, while calibrated probabilities
  // must match the class frequencies of the data.
  const calibration =
    method === 'platt'
      ? fitPlatt(
          scores.map((s) => s[1] - s[0]),
          y
        )
      : fitTemperature(scores, y);
  const calibrateMs = performance.now() - t0;
  onProgress?.({ phase: 'done', progress: 1 });
  return new LinearTextClassifier({
    ...base,
    calibration,
    training: {
      ...base.training,
      timings: {
        ...base.training.timings,
        calibrateMs,
        totalMs: base.training.timings.totalMs + calibrateMs,
      },
      calibration: { method, folds: k, grouped },
    },
  });
}
