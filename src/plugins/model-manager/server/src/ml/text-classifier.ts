/**
 * A trained tf-idf text classifier whose scores are linear in the features:
 *   probabilities = softmax(x . W + b)
 * Logistic regression and naive Bayes both reduce to this form, which is also what the ONNX
 * export writes, so prediction, explanation and export share one set of numbers.
 */
import { calibrateScores, IDENTITY_CALIBRATION, type Calibration } from './calibration';
import { argMax, softmaxInPlace } from './sparse';
import { forEachNgram, termCounts, transformOne, type TfidfModel } from './tfidf';
import { tokenize } from './tokenize';
import type { TrainParams } from './train-params';

/**
 * Feature-major weights (numFeatures x numClasses) and intercept (numClasses), centred so each
 * feature's weights and the intercept sum to zero over classes. Centring leaves softmax
 * unchanged but makes per-class contributions unique and keeps float32 exports precise.
 */
export interface LinearHead {
  weights: Float64Array;
  intercept: Float64Array;
}

export interface TrainingSummary {
  samples: number;
  vocabularySize: number;
  /** Optimiser iterations (0 for naive Bayes). */
  iterations: number;
  converged: boolean;
  timings: {
    tokenizeMs: number;
    vectorizeMs: number;
    optimizeMs: number;
    totalMs: number;
    calibrateMs?: number;
  };
  /** How the calibration was fitted: out-of-fold scores of `folds` refits on the training rows. */
  calibration?: { method: Calibration['method'] | 'none'; folds: number; grouped: boolean };
}

/** One input token with its share of every feature it takes part in. */
export interface WeightedToken {
  text: string;
  start: number;
  end: number;
  /** Contribution to each class's centred score, in `labels` order. */
  weights: number[];
}

/** One vocabulary n-gram present in the text. */
export interface FeatureContribution {
  term: string;
  column: number;
  count: number;
  /** Its tf-idf value in the (L2-normalised) row. */
  value: number;
  /** value * W[column], in `labels` order. */
  weights: number[];
}

/**
 * Exact additive decomposition: scores[c] = intercept[c] + sum over tokens of weights[c], and
 * probabilities = softmax(scores). scores[a] - scores[b] = ln(p_a / p_b), so for two classes
 * a token's weights[1] - weights[0] is its contribution to the log-odds of labels[1].
 * An n-gram's contribution is split evenly over its occurrences and then over its tokens.
 */
export interface TokenWeights {
  labels: string[];
  intercept: number[];
  /** Raw (uncalibrated) scores. */
  scores: number[];
  /** Calibrated: softmax of the calibrated scores, as the exported artifact answers. */
  probabilities: number[];
  tokens: WeightedToken[];
  features: FeatureContribution[];
}

export interface TrainedTextClassifier {
  /** Class names sorted, in probability column order. */
  readonly labels: string[];
  readonly params: TrainParams;
  readonly vectorizer: TfidfModel;
  readonly head: LinearHead;
  readonly training: TrainingSummary;
  /** Applied to the raw scores before softmax (identity: temperature 1). */
  readonly calibration: Calibration;
  /** Raw scores (logits) of each text, before calibration. */
  rawScores(texts: readonly string[]): number[][];
  predictProba(texts: readonly string[]): number[][];
  predict(texts: readonly string[]): string[];
  tokenWeights(text: string): TokenWeights;
}

export interface LinearTextClassifierParts {
  labels: string[];
  params: TrainParams;
  vectorizer: TfidfModel;
  head: LinearHead;
  training: TrainingSummary;
  calibration?: Calibration;
}

export class LinearTextClassifier implements TrainedTextClassifier {
  readonly labels: string[];
  readonly params: TrainParams;
  readonly vectorizer: TfidfModel;
  readonly head: LinearHead;
  readonly training: TrainingSummary;
  readonly calibration: Calibration;

  constructor(parts: LinearTextClassifierParts) {
    const K = parts.labels.length;
    if (
      parts.head.intercept.length !== K ||
      parts.head.weights.length !== K * parts.vectorizer.vocabulary.length
    ) {
      throw new RangeError('head shape does not match labels and vocabulary');
    }
    ({
      labels: this.labels,
      params: this.params,
      vectorizer: this.vectorizer,
      head: this.head,
      training: this.training,
    } = parts);
    this.calibration = parts.calibration ?? IDENTITY_CALIBRATION;
  }

  private tokens(text: string): string[] {
    return tokenize(text, { stem: this.params.stem }).map((t) => t.text);
  }

  /** Centred scores (logits) of one text. */
  private scores(tokens: string[]): Float64Array {
    const K = this.labels.length;
    const row = transformOne(this.vectorizer, tokens);
    const s = Float64Array.from(this.head.intercept);
    for (let p = 0; p < row.indices.length; p++) {
      const base = row.indices[p] * K;
      for (let c = 0; c < K; c++) s[c] += row.values[p] * this.head.weights[base + c];
    }
    return s;
  }

  rawScores(texts: readonly string[]): number[][] {
    return texts.map((text) => Array.from(this.scores(this.tokens(text))));
  }

  private calibrated(scores: ArrayLike<number>): number[] {
    const s = calibrateScores(scores, this.calibration);
    softmaxInPlace(s);
    return s;
  }

  predictProba(texts: readonly string[]): number[][] {
    return this.rawScores(texts).map((s) => this.calibrated(s));
  }

  predict(texts: readonly string[]): string[] {
    return this.predictProba(texts).map((p) => this.labels[argMax(p)]);
  }

  tokenWeights(text: string): TokenWeights {
    const K = this.labels.length;
    const W = this.head.weights;
    const tokens = tokenize(text, { stem: this.params.stem });
    const texts = tokens.map((t) => t.text);
    const counts = termCounts(this.vectorizer, texts);
    const row = transformOne(this.vectorizer, texts);
    const value = new Map<number, number>();
    row.indices.forEach((j, p) => value.set(j, row.values[p]));

    const weighted: WeightedToken[] = tokens.map((t) => ({
      ...t,
      weights: new Array<number>(K).fill(0),
    }));
    forEachNgram(texts, this.vectorizer.options.ngramRange, (term, first, n) => {
      const j = this.vectorizer.index.get(term);
      if (j === undefined) return;
      const share = (value.get(j) ?? 0) / ((counts.get(j) ?? 1) * n);
      for (let t = first; t < first + n; t++) {
        for (let c = 0; c < K; c++) weighted[t].weights[c] += share * W[j * K + c];
      }
    });

    const features: FeatureContribution[] = Array.from(row.indices, (j, p) => ({
      term: this.vectorizer.vocabulary[j],
      column: j,
      count: counts.get(j) ?? 0,
      value: row.values[p],
      weights: Array.from({ length: K }, (_, c) => row.values[p] * W[j * K + c]),
    }));
    const scores = Array.from(this.scores(texts));
    const probabilities = this.calibrated(scores);
    return {
      labels: [...this.labels],
      intercept: Array.from(this.head.intercept),
      scores,
      probabilities,
      tokens: weighted,
      features,
    };
  }
}
