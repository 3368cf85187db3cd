import type { Comparison } from '../../../shared/contracts/compare';
import { DEFAULT_PROMOTION_POLICY } from '../../../shared/promotion-policy';
import { compareVerdict } from './verdict';

const estimate = (value: number) => ({ value, low: value, high: value });
const diff = (value: number, significant: boolean) => ({
  value,
  low: value - 0.01,
  high: value + 0.01,
  significant,
});
const metrics = (accuracy: number, macroF1: number) =>
  ({
    dataset: 'holdout',
    size: 200,
    labels: ['a', 'b'],
    accuracy,
    macroF1,
    auc: 0.9,
    confusion: [],
    perClass: [],
  }) as Comparison['candidate']['metrics'];

/** A comparison of a candidate against a baseline with the given significant or not differences. */
function comparison(
  [ca, cf]: [number, number],
  baseline: [number, number] | null,
  significant: { accuracy: boolean; macroF1: boolean } = { accuracy: true, macroF1: true }
): Comparison {
  const per = (a: number, f: number, auc: number) => ({
    accuracy: a,
    macroF1: f,
    auc,
    ece: 0,
    brier: 0,
  });
  const map = <T>(o: Record<string, number>, fn: (k: string, v: number) => T) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, fn(k, v)]));
  return {
    dataset: 'holdout',
    size: 200,
    labels: ['a', 'b'],
    candidate: { number: 3, metrics: metrics(ca, cf) },
    baseline: baseline ? { number: 2, metrics: metrics(...baseline) } : null,
    flips: [],
    flipCounts: null,
    intervals: {
      method: 'percentile bootstrap',
      level: 0.95,
      resamples: 100,
      seed: 1,
      groupedBy: null,
      groups: null,
      candidate: map(per(ca, cf, 0.9), (_, v) => estimate(v)),
      baseline: baseline ? map(per(...baseline, 0.9), (_, v) => estimate(v)) : null,
      difference: baseline
        ? map(per(ca - baseline[0], cf - baseline[1], 0), (k, v) =>
            diff(v, (significant as Record<string, boolean>)[k] ?? false)
          )
        : null,
      perClassF1: {},
    },
  } as unknown as Comparison;
}

describe("Compare's one-line verdict", () => {
  it('calls a candidate better when a difference is significant and none goes the other way, and the policy met', () => {
    const verdict = compareVerdict(comparison([0.85, 0.84], [0.8, 0.79]), DEFAULT_PROMOTION_POLICY);
    expect(verdict.tone).toBe('better');
    expect(verdict.reasons.map((r) => r.metric)).toEqual(['accuracy', 'macroF1']);
    expect(verdict.violations).toEqual([]);
  });

  it('calls it worse, and names the rules the policy would refuse it by', () => {
    const verdict = compareVerdict(comparison([0.7, 0.69], [0.8, 0.79]), DEFAULT_PROMOTION_POLICY);
    expect(verdict.tone).toBe('worse');
    expect(verdict.violations.map((v) => v.metric)).toEqual(['accuracy', 'macroF1']);
  });

  it('calls differences that are not significant a tie, even when the policy refuses a small drop', () => {
    const verdict = compareVerdict(
      comparison([0.79, 0.785], [0.8, 0.79], { accuracy: false, macroF1: false }),
      DEFAULT_PROMOTION_POLICY
    );
    expect(verdict.tone).toBe('tie');
    expect(verdict.violations.map((v) => v.metric)).toEqual(['accuracy', 'macroF1']);
  });

  it('calls one better and one worse significant difference mixed', () => {
    const verdict = compareVerdict(comparison([0.85, 0.7], [0.8, 0.79]), DEFAULT_PROMOTION_POLICY);
    expect(verdict.tone).toBe('mixed');
  });

  it('without a baseline, the candidate would be the first in production', () => {
    const verdict = compareVerdict(comparison([0.85, 0.84], null), DEFAULT_PROMOTION_POLICY);
    expect(verdict).toEqual({ tone: 'first', reasons: [], violations: [] });
  });
});
