/** Public surface of the pure-TypeScript ML core (no Strapi imports anywhere in ml/). */
export {
  tokenize,
  tokenTexts,
  lowerCodePoints,
  ONNX_TOKEN_REGEX,
  SKLEARN_TOKEN_PATTERN,
} from './tokenize';
export type { Token, TokenizeOptions } from './tokenize';
export { fitTfidf, fitTransformTfidf, transformOne, transformTfidf, forEachNgram } from './tfidf';
export type { TfidfModel, TfidfOptions } from './tfidf';
export type { CsrMatrix, SparseRow } from './sparse';
export { fitLogisticRegression, predictProbaLogistic } from './logistic-regression';
export type { LogisticRegressionModel, LogisticRegressionOptions } from './logistic-regression';
export { fitNaiveBayes, predictProbaNaiveBayes } from './naive-bayes';
export type { NaiveBayesModel, NaiveBayesOptions } from './naive-bayes';
export { minimizeLbfgs } from './lbfgs';
export type { LbfgsIteration, LbfgsOptions, LbfgsResult, Objective } from './lbfgs';
export { accuracy, classificationReport, confusionMatrix, macroF1, rocAuc } from './metrics';
export type { ClassificationReport, ClassMetrics } from './metrics';
export { DEFAULT_TRAIN_PARAMS, parseTrainParams, TrainParamsError } from './train-params';
export type { Algorithm, CalibrationParam, ClassWeight, TrainParams } from './train-params';
export { fitTextClassifier, sampleWeights, sortedLabels } from './pipeline';
export { trainTextClassifier, CALIBRATION_FOLDS } from './calibrated-training';
export {
  calibrateScores,
  calibrationAffine,
  calibrationMetadata,
  fitPlatt,
  fitTemperature,
  IDENTITY_CALIBRATION,
} from './calibration';
export type { Calibration, CalibrationMethod } from './calibration';
export { accountAccuracy } from './account-accuracy';
export type { AccountOutcomes, WeightedAccuracy } from './account-accuracy';
export { accountStanding, cappedVotes, trustedLabels } from './capped-votes';
export type {
  AccountStanding,
  CappedVoteOptions,
  CappedVotes,
  SubjectVerdict,
  TrustedLabels,
  Vote as ReaderVote,
} from './capped-votes';
export { assignFolds } from './folds';
export { seededRandom } from './random';
export type { LabelledText, ProgressCallback, TrainProgress } from './pipeline';
export { LinearTextClassifier } from './text-classifier';
export type {
  FeatureContribution,
  LinearHead,
  TokenWeights,
  TrainedTextClassifier,
  TrainingSummary,
  WeightedToken,
} from './text-classifier';
export { exportToOnnx, exportMetadata, ONNX_PRODUCER } from './onnx-export';
export type { OnnxExportOptions } from './onnx-export';
export { defaultDataDir, readLabelledJsonl } from './dataset';
export { dawidSkene } from './dawid-skene';
export type {
  DawidSkeneResult,
  MemberReliability,
  SubjectPosterior,
  Vote as MemberVote,
} from './dawid-skene';
export {
  brierScore,
  ECE_BINS,
  expectedCalibrationError,
  reliabilityBins,
} from './calibration-metrics';
export type { ReliabilityBin } from './calibration-metrics';
