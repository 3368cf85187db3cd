import { createIntl } from 'react-intl';
import { formatDelta, formatDrop, formatDuration, formatMetric } from './format';

const intl = createIntl({ locale: 'en-US', messages: {} });

describe('one formatter for metrics and their differences', () => {
  it('writes a percentage metric as a percent and its difference in signed percentage points', () => {
    expect(formatMetric(intl, 'accuracy', 0.8123)).toBe('81.2%');
    expect(formatDelta(intl, 'accuracy', -0.004)).toBe('−0.4 pt');
    expect(formatDelta(intl, 'macroF1', 0.0125)).toBe('+1.3 pt');
  });

  it('writes a plain metric (AUC, ECE, Brier) and its difference with three decimals and a sign', () => {
    expect(formatMetric(intl, 'auc', 0.9)).toBe('0.900');
    expect(formatDelta(intl, 'auc', -0.014)).toBe('−0.014');
    expect(formatDelta(intl, 'ece', 0.0005)).toBe('+0.001');
  });

  it('writes no difference as 0 without a sign, and a missing one as a dash', () => {
    expect(formatDelta(intl, 'accuracy', 0)).toBe('0.0 pt');
    expect(formatDelta(intl, 'auc', 0)).toBe('0.000');
    expect(formatDelta(intl, 'auc', null)).toBe('—');
  });

  it("writes a drop or a policy's limit as a size, without sign, in the metric's unit", () => {
    expect(formatDrop(intl, 'macroF1', -0.095)).toBe('9.5 pt');
    expect(formatDrop(intl, 'accuracy', 0.002)).toBe('0.2 pt');
    expect(formatDrop(intl, 'auc', 0.005)).toBe('0.005');
  });
});

describe('durations', () => {
  it('reads as seconds, minutes or hours', () => {
    expect(formatDuration(intl, 42_400)).toBe('42 s');
    expect(formatDuration(intl, 185_000)).toBe('3 min 05 s');
    expect(formatDuration(intl, 3_720_000)).toBe('1 h 02 min');
    expect(formatDuration(intl, -5)).toBe('0 s');
  });
});
