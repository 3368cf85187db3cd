import { tokenize } from '../ml/tokenize';
import type { ExplainedToken } from './explain';
import type { LinearModel, LinearTerms } from './linear-graph';
import type { Occurrence } from './scorer/ngrams';
import type { Weights } from './scorer/values';

/**
 * The exact explanation of a linear model: the predicted class's log-odds is
 *   bias + sum over n-grams f of features_f * (W[f,k] - mean of W[f,c] over the other classes c),
 * times the calibration's slope (temperature 1/T, Platt a) when the artifact declares one. Each
 * n-gram's term is shared equally among its occurrences and, within one, among its tokens, so the
 * token weights plus `bias` add up to the logit (exactly log(p_k / p_other) for two classes).
 */
export interface ExactExplanation {
  tokens: ExplainedToken[];
  bias: number;
}

function slopeAndOffset(linear: LinearModel, k: number): { slope: number; offset: number } {
  const c = linear.calibration;
  if (!c) return { slope: 1, offset: 0 };
  if (c.method === 'temperature') return { slope: 1 / c.temperature, offset: 0 };
  // Platt on the positive class (the second one): logit(p1) = a * (s1 - s0) + b
  return { slope: c.a, offset: k === 1 ? c.b : -c.b };
}

/** Weight of feature f toward class k, before calibration. */
function delta(weights: Weights, classes: number, f: number, k: number): number {
  let others = 0;
  for (let c = 0; c < classes; c += 1) if (c !== k) others += weights[f * classes + c];
  return weights[f * classes + k] - others / (classes - 1);
}

export function exactExplanation(
  text: string,
  features: Float32Array,
  linear: LinearModel,
  terms: LinearTerms,
  k: number
): ExactExplanation {
  const { slope, offset } = slopeAndOffset(linear, k);
  const { intercept, classes } = linear;
  let otherBias = 0;
  for (let c = 0; c < classes; c += 1) if (c !== k) otherBias += intercept[c];
  const bias = slope * (intercept[k] - otherBias / (classes - 1)) + offset;

  const tokens = tokenize(text);
  const occurrences: Occurrence[] = [];
  terms.ngrams(
    tokens.map((t) => t.text),
    (o) => features[o.column] !== 0 && occurrences.push(o)
  );
  return {
    tokens: shareAmongTokens(
      text,
      tokens.flatMap((t) => [t.start, t.end]),
      occurrences,
      (column) => slope * features[column] * delta(terms.weights, classes, column, k)
    ),
    bias,
  };
}

/**
 * Each n-gram column's contribution shared equally among its occurrences and, within one, among
 * its tokens. `spans` holds each token's start and end in `text`.
 */
export function shareAmongTokens(
  text: string,
  spans: number[],
  occurrences: Occurrence[],
  contribution: (column: number) => number
): ExplainedToken[] {
  const weights = new Float64Array(spans.length / 2);
  const byColumn = new Map<number, Array<{ at: number; n: number }>>();
  for (const { column, at, n } of occurrences) {
    const list = byColumn.get(column);
    if (list) list.push({ at, n });
    else byColumn.set(column, [{ at, n }]);
  }
  for (const [column, list] of byColumn) {
    const share = contribution(column) / list.length;
    for (const { at, n } of list) for (let i = at; i < at + n; i += 1) weights[i] += share / n;
  }
  return Array.from(weights, (weight, i) => ({
    text: text.slice(spans[2 * i], spans[2 * i + 1]),
    start: spans[2 * i],
    end: spans[2 * i + 1],
    weight,
  }));
}
