import { tokenTexts } from './tokenize';

/**
 * A reader's personal correction of a shared base model: per-class bias and sparse per-token
 * weights added to the base's log-probabilities, then a softmax:
 *   p(k | text) = softmax_k( log p_base(k | text) + bias_k + sum_t x_t * w_t[k] )
 * where x is the text's token vector (sublinear tf, L2-normalised). It learns online, one label at a
 * time, by a logistic-loss gradient step, so the base model (one ONNX session shared by every
 * reader) never changes and a reader costs only the tokens they labelled.
 */
export interface Correction {
  bias: number[];
  tokens: Map<string, number[]>;
  /** Labels learnt so far. */
  labels: number;
}

export interface OnlineOptions {
  learningRate: number;
  /** L2 shrink per step, applied to the weights the step touches. */
  l2: number;
  /** Most tokens one reader keeps: beyond it, the weakest are dropped (bounded memory). */
  maxTokens: number;
}

export const DEFAULT_ONLINE: OnlineOptions = { learningRate: 0.1, l2: 1e-3, maxTokens: 4000 };

/** What one step changed: the bias and the few tokens that moved most, for the audit trail. */
export interface StepRecord {
  label: number;
  /** The corrected probability of the given label before the step. */
  before: number;
  biasDelta: number[];
  top: Array<{ token: string; delta: number }>;
}

const FLOOR = 1e-9;

export function emptyCorrection(classes: number): Correction {
  return { bias: new Array(classes).fill(0), tokens: new Map(), labels: 0 };
}

/** Token vector of a text: sublinear term frequency, L2-normalised. */
export function features(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokenTexts(text)) counts.set(token, (counts.get(token) ?? 0) + 1);
  let norm = 0;
  for (const [token, n] of counts) {
    const v = 1 + Math.log(n);
    counts.set(token, v);
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [token, v] of counts) counts.set(token, v / norm);
  return counts;
}

/** The correction's addition to each class's logit for this token vector. */
export function shift(correction: Correction, x: Map<string, number>): number[] {
  const out = [...correction.bias];
  for (const [token, v] of x) {
    const w = correction.tokens.get(token);
    if (w) for (let k = 0; k < out.length; k += 1) out[k] += v * w[k];
  }
  return out;
}

export function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const exp = logits.map((l) => Math.exp(l - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}

/** Corrected probabilities from the base's probabilities (same class order). */
export function corrected(
  base: readonly number[],
  correction: Correction,
  x: Map<string, number>
): number[] {
  const s = shift(correction, x);
  return softmax(base.map((p, k) => Math.log(Math.max(p, FLOOR)) + s[k]));
}

/** One online logistic step on a labelled text; mutates `correction` and says what changed. */
export function learn(
  correction: Correction,
  base: readonly number[],
  x: Map<string, number>,
  label: number,
  options: OnlineOptions = DEFAULT_ONLINE
): StepRecord {
  const p = corrected(base, correction, x);
  const classes = p.length;
  const grad = p.map((pk, k) => pk - (k === label ? 1 : 0));
  const { learningRate: lr, l2 } = options;
  const biasDelta = grad.map((g) => -lr * g);
  for (let k = 0; k < classes; k += 1) correction.bias[k] += biasDelta[k];
  const moved: Array<{ token: string; delta: number }> = [];
  for (const [token, v] of x) {
    const w = correction.tokens.get(token) ?? new Array(classes).fill(0);
    let change = 0;
    for (let k = 0; k < classes; k += 1) {
      const d = -lr * (grad[k] * v + l2 * w[k]);
      w[k] += d;
      if (k === label) change = d;
    }
    correction.tokens.set(token, w);
    moved.push({ token, delta: change });
  }
  correction.labels += 1;
  prune(correction, options.maxTokens);
  moved.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
  return { label, before: p[label], biasDelta, top: moved.slice(0, 5) };
}

/** Drops the weakest tokens (smallest largest-magnitude weight) beyond `maxTokens`. */
export function prune(correction: Correction, maxTokens: number) {
  if (correction.tokens.size <= maxTokens) return;
  const strength = (w: number[]) => w.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const ranked = [...correction.tokens].sort((a, b) => strength(a[1]) - strength(b[1]));
  for (const [token] of ranked.slice(0, correction.tokens.size - maxTokens))
    correction.tokens.delete(token);
}

/**
 * The reader's own part of each token's weight toward class k (same convention as the exact
 * explanation: weight toward k minus the mean toward the other classes), and of the bias.
 */
export function ownParts(
  correction: Correction,
  x: Map<string, number>,
  k: number
): { bias: number; tokens: Map<string, number> } {
  const toward = (w: number[]) => {
    if (w.length < 2) return w[0] ?? 0;
    let others = 0;
    for (let c = 0; c < w.length; c += 1) if (c !== k) others += w[c];
    return w[k] - others / (w.length - 1);
  };
  const tokens = new Map<string, number>();
  for (const [token, v] of x) {
    const w = correction.tokens.get(token);
    if (w) tokens.set(token, v * toward(w));
  }
  return { bias: toward(correction.bias), tokens };
}

/** Approximate bytes the correction holds in memory (V8 map entry, key string, number array). */
export function correctionBytes(correction: Correction): number {
  let bytes = 64 + correction.bias.length * 8;
  for (const [token] of correction.tokens)
    bytes += 80 + token.length * 2 + correction.bias.length * 8;
  return bytes;
}

interface Serialized {
  v: 1;
  n: number;
  b: number[];
  t: Record<string, number[]>;
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

export function serialize(correction: Correction): string {
  const t: Record<string, number[]> = {};
  for (const [token, w] of correction.tokens) t[token] = w.map(round);
  return JSON.stringify({
    v: 1,
    n: correction.labels,
    b: correction.bias.map(round),
    t,
  } satisfies Serialized);
}

/** `classes` 0: whatever the stored correction has; another count than the stored one starts afresh. */
export function deserialize(json: string, classes: number): Correction {
  const parsed = JSON.parse(json) as Serialized;
  if (parsed.v !== 1 || !Array.isArray(parsed.b) || (classes > 0 && parsed.b.length !== classes))
    return emptyCorrection(classes);
  return { bias: parsed.b, tokens: new Map(Object.entries(parsed.t ?? {})), labels: parsed.n ?? 0 };
}
