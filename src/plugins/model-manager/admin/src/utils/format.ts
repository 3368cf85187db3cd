import type { IntlShape } from 'react-intl';

/** Read as plain 0..1 figures; every other metric (accuracy, F1) as a percentage. */
const PLAIN_METRICS = ['auc', 'ece', 'brier'];
export const isPlainMetric = (metric: string) => PLAIN_METRICS.includes(metric);

export function formatMetric(
  intl: IntlShape,
  metric: string,
  value: number | null | undefined
): string {
  if (value === null || value === undefined) return '—';
  if (isPlainMetric(metric))
    return intl.formatNumber(value, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  return intl.formatNumber(value, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
}

/**
 * A difference, the one way every view writes it: signed percentage points ("+1.3 pt", "−0.4 pt")
 * for percentages, a signed figure with three decimals ("−0.014") for plain metrics; U+2212 minus.
 */
export function formatDelta(
  intl: IntlShape,
  metric: string,
  value: number | null | undefined
): string {
  if (value === null || value === undefined) return '—';
  const plain = isPlainMetric(metric);
  const figure = intl.formatNumber(plain ? value : value * 100, {
    minimumFractionDigits: plain ? 3 : 1,
    maximumFractionDigits: plain ? 3 : 1,
    signDisplay: 'exceptZero',
  });
  const signed = figure.replace(/^-/, '\u2212');
  return plain ? signed : `${signed} pt`;
}

/** A size of change without sign ("0.2 pt", "0.005"), as a policy's limits are written. */
export const formatDrop = (intl: IntlShape, metric: string, value: number | null | undefined) =>
  value === null || value === undefined
    ? '—'
    : formatDelta(intl, metric, Math.abs(value)).replace(/^\+/, '');

export const formatDateTime = (intl: IntlShape, iso: string | null | undefined) =>
  iso ? intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' }) : '—';

export const formatBytes = (intl: IntlShape, bytes: number) =>
  bytes >= 1024 * 1024
    ? `${intl.formatNumber(bytes / (1024 * 1024), { maximumFractionDigits: 1 })} MB`
    : `${intl.formatNumber(bytes / 1024, { maximumFractionDigits: 1 })} kB`;

/** A duration as people say it: "42 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(intl: IntlShape, ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const pad = (n: number) => intl.formatNumber(n, { minimumIntegerDigits: 2 });
  if (s < 60) return `${intl.formatNumber(s)} s`;
  if (s < 3600) return `${intl.formatNumber(Math.floor(s / 60))} min ${pad(s % 60)} s`;
  return `${intl.formatNumber(Math.floor(s / 3600))} h ${pad(Math.floor((s % 3600) / 60))} min`;
}
