import {
  checkPromotion,
  DEFAULT_PROMOTION_POLICY,
  describeViolations,
  policyFor,
  type GateFigures,
} from './promotion-policy';

const figures = (accuracy: number, macroF1: number, auc: number | null): GateFigures => ({
  accuracy,
  macroF1,
  auc,
});
const champion = figures(0.8, 0.79, 0.88);

describe('checkPromotion', () => {
  it('passes a first promotion (no champion) and a candidate at least as good', () => {
    expect(
      checkPromotion(DEFAULT_PROMOTION_POLICY, { size: 100, candidate: champion, champion: null })
    ).toEqual([]);
    expect(
      checkPromotion(DEFAULT_PROMOTION_POLICY, {
        size: 100,
        candidate: figures(0.81, 0.8, 0.9),
        champion,
      })
    ).toEqual([]);
  });

  it('names every metric that drops more than the policy allows (the issue’s −0.4 pt, −1 pt, −0.014)', () => {
    const worse = figures(0.796, 0.78, 0.866);
    const violations = checkPromotion(DEFAULT_PROMOTION_POLICY, {
      size: 100,
      candidate: worse,
      champion,
    });
    expect(violations.map((v) => [v.rule, v.metric])).toEqual([
      ['max-metric-drop', 'accuracy'],
      ['max-metric-drop', 'macroF1'],
      ['max-metric-drop', 'auc'],
    ]);
    expect(describeViolations(violations)).toMatch(
      /accuracy drops 0\.4 pt .*allowed 0\.2 pt.*rule max-metric-drop/
    );
    expect(violations[2].message).toBe('auc drops 0.014 against the champion (allowed 0.005)');
  });

  it('lets a drop of exactly the limit pass and one just above fail', () => {
    const policy = { maxMetricDrop: { accuracy: 0.01 }, minEvaluationSize: 0 };
    expect(checkPromotion(policy, { size: 10, candidate: figures(0.79, 0, 0), champion })).toEqual(
      []
    );
    expect(
      checkPromotion(policy, { size: 10, candidate: figures(0.7899, 0, 0), champion })
    ).toHaveLength(1);
  });

  it('does not judge a metric either side lacks (the AUC of a multi-class model)', () => {
    expect(
      checkPromotion(DEFAULT_PROMOTION_POLICY, {
        size: 100,
        candidate: figures(0.8, 0.79, null),
        champion,
      })
    ).toEqual([]);
  });

  it('wants a minimum evaluation size, counting a model without an evaluation set as 0 rows', () => {
    const policy = policyFor(DEFAULT_PROMOTION_POLICY, { minEvaluationSize: 50 });
    expect(checkPromotion(policy, { size: 0, candidate: null, champion: null })).toMatchObject([
      { rule: 'min-evaluation-size', limit: 50 },
    ]);
    expect(checkPromotion(policy, { size: 50, candidate: null, champion: null })).toEqual([]);
  });

  it('merges a model’s overrides over the default policy', () => {
    expect(policyFor(DEFAULT_PROMOTION_POLICY, { maxMetricDrop: { auc: 0.05 } })).toEqual({
      maxMetricDrop: { accuracy: 0.002, macroF1: 0.002, auc: 0.05 },
      minEvaluationSize: 0,
    });
  });
});
