/**
 * End to end on the real data (../shared/data, or MODEL_MANAGER_DATA_DIR): train the default
 * pipeline on partisan/train.jsonl, export it, and check onnxruntime reproduces the trainer on
 * every holdout text; then check holdout quality. Holdout is only evaluated, never tuned on.
 * Finally compare with scikit-learn's own predictions shipped beside the foreign model.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultDataDir, readLabelledJsonl } from '../plugins/model-manager/server/src/ml/dataset';
import { expectedCalibrationError } from '../plugins/model-manager/server/src/ml/calibration-metrics';
import { classificationReport, rocAuc } from '../plugins/model-manager/server/src/ml/metrics';
import { exportToOnnx } from '../plugins/model-manager/server/src/ml/onnx-export';
import { maxAbsDiff, runTextModel } from '../plugins/model-manager/server/src/ml/onnx-test-support';
import { trainTextClassifier } from '../plugins/model-manager/server/src/ml/calibrated-training';
import type { TrainedTextClassifier } from '../plugins/model-manager/server/src/ml/text-classifier';

const dir = path.join(defaultDataDir(), 'partisan');
if (!existsSync(path.join(dir, 'train.jsonl'))) {
  throw new Error(
    `partisan data not found in ${dir}: set MODEL_MANAGER_DATA_DIR to the shared data folder`
  );
}
const train = readLabelledJsonl(path.join(dir, 'train.jsonl'), ['debate']).map(
  ({ debate, ...r }) => ({ ...r, group: String(debate) })
);
const holdout = readLabelledJsonl(path.join(dir, 'holdout.jsonl'));
const texts = holdout.map((h) => h.text);

describe('default pipeline on partisan debates', () => {
  let model: TrainedTextClassifier;
  let proba: number[][];

  beforeAll(() => {
    model = trainTextClassifier(train);
    proba = model.predictProba(texts);
  });

  it('loads the data it expects', () => {
    expect(train).toHaveLength(4462);
    expect(holdout).toHaveLength(1201);
    expect(model.labels).toEqual(['blue', 'red']);
  });

  it('exports an ONNX model that onnxruntime runs with the trainer’s probabilities and labels', async () => {
    const onnx = await runTextModel(exportToOnnx(model), texts, 200);
    expect(onnx.probabilities).toHaveLength(1201);
    expect(maxAbsDiff(onnx.probabilities, proba)).toBeLessThan(1e-5);
    expect(onnx.labels).toEqual(model.predict(texts));
  });

  it('reaches macro-F1 >= 0.80 and ROC AUC >= 0.89 on holdout', () => {
    const truth = holdout.map((h) => h.label);
    const report = classificationReport(truth, model.predict(texts), model.labels);
    const auc = rocAuc(
      truth,
      proba.map((p) => p[1]),
      'red'
    );
    expect(report.macroF1).toBeGreaterThanOrEqual(0.8);
    expect(auc).toBeGreaterThanOrEqual(0.89);
  });

  it('is calibrated by temperature on grouped out-of-fold scores within train: holdout ECE < 0.03, labels unchanged', () => {
    expect(model.training.calibration).toEqual({ method: 'temperature', folds: 5, grouped: true });
    const truth = holdout.map((h) => model.labels.indexOf(h.label));
    const raw = trainTextClassifier(train, { calibration: 'none' });
    const rawProba = raw.predictProba(texts);
    expect(expectedCalibrationError(rawProba, truth)).toBeGreaterThan(0.05);
    expect(expectedCalibrationError(proba, truth)).toBeLessThan(0.03);
    expect(model.predict(texts)).toEqual(raw.predict(texts));
  });
});

describe("logistic regression with scikit-learn's settings on partisan debates", () => {
  it('exports an ONNX model that onnxruntime runs with the trainer’s probabilities and labels', async () => {
    const model = trainTextClassifier(train, {
      algorithm: 'logistic-regression',
      ngramRange: [1, 2],
      minDf: 2,
      classWeight: 'balanced',
      C: 1,
    });
    // same vocabulary as scikit-learn's TfidfVectorizer(ngram_range=(1, 2), min_df=2) on this data
    expect(model.vectorizer.vocabulary).toHaveLength(39315);
    const onnx = await runTextModel(exportToOnnx(model), texts, 200);
    expect(maxAbsDiff(onnx.probabilities, model.predictProba(texts))).toBeLessThan(1e-5);
    expect(onnx.labels).toEqual(model.predict(texts));
  });
});

describe('agreement with scikit-learn on the foreign model’s test vectors', () => {
  it('reproduces scikit-learn 1.2.1’s unweighted logistic regression probabilities within 1e-3', () => {
    const vectors = JSON.parse(
      readFileSync(
        path.join(defaultDataDir(), 'models', 'sklearn_tfidf_lr.testvectors.json'),
        'utf8'
      )
    ) as { texts: string[]; sklearn_proba_red: number[] };
    const model = trainTextClassifier(train, {
      algorithm: 'logistic-regression',
      ngramRange: [1, 2],
      minDf: 2,
      classWeight: 'none',
      C: 1,
      calibration: 'none',
    });
    const proba = model.predictProba(vectors.texts);
    // scikit-learn stops its L-BFGS early (max |gradient| 8e-3 there); both are near one optimum.
    expect(
      maxAbsDiff(
        proba.map((p) => [p[1]]),
        vectors.sklearn_proba_red.map((p) => [p])
      )
    ).toBeLessThan(1e-3);
  });
});
