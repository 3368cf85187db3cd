import { DEFAULT_PROMOTION_POLICY } from '../../../shared/promotion-policy';
import { recordedGate } from './gate';

const scored = (accuracy: number, macroF1: number, auc: number | null, size = 200) => ({
  dataset: 'holdout',
  size,
  accuracy,
  macroF1,
  auc,
});
const champion = { metrics: scored(0.8, 0.79, 0.88) };

describe("the Versions list's gate badge, from recorded figures", () => {
  it('passes a candidate that keeps to the policy', () => {
    const version = { status: 'in_review' as const, metrics: scored(0.81, 0.8, 0.879) };
    expect(recordedGate(version, champion, DEFAULT_PROMOTION_POLICY)).toEqual([]);
  });

  it('names each metric that drops past its limit, with both figures', () => {
    const version = { status: 'in_review' as const, metrics: scored(0.705, 0.69, 0.88) };
    const violations = recordedGate(version, champion, DEFAULT_PROMOTION_POLICY);
    expect(violations?.map((v) => [v.rule, v.metric, v.candidate, v.champion])).toEqual([
      ['max-metric-drop', 'accuracy', 0.705, 0.8],
      ['max-metric-drop', 'macroF1', 0.69, 0.79],
    ]);
  });

  it('counts a too small evaluation set even without a champion', () => {
    const version = { status: 'approved' as const, metrics: scored(0.9, 0.9, 0.9, 10) };
    const policy = { ...DEFAULT_PROMOTION_POLICY, minEvaluationSize: 50 };
    expect(recordedGate(version, null, policy)?.map((v) => v.rule)).toEqual([
      'min-evaluation-size',
    ]);
  });

  it('does not judge figures recorded on another evaluation set, nor versions past judging', () => {
    const grown = { status: 'in_review' as const, metrics: scored(0.5, 0.5, 0.5, 300) };
    expect(recordedGate(grown, champion, DEFAULT_PROMOTION_POLICY)).toBeNull();
    const archived = { status: 'archived' as const, metrics: scored(0.5, 0.5, 0.5) };
    expect(recordedGate(archived, champion, DEFAULT_PROMOTION_POLICY)).toBeNull();
    const unscored = { status: 'candidate' as const, metrics: null };
    expect(recordedGate(unscored, champion, DEFAULT_PROMOTION_POLICY)).toBeNull();
  });
});
