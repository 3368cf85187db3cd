import type { IntlShape } from 'react-intl';

/** Metrics read as percentages except AUC, which reads best as a plain 0..1 figure. */
export function formatMetric(intl: IntlShape, metric: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (metric === 'auc') return intl.formatNumber(value, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  return intl.formatNumber(value, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

export const formatDateTime = (intl: IntlShape, iso: string | null | undefined) =>
  iso ? intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' }) : '—';

export const formatBytes = (intl: IntlShape, bytes: number) =>
  bytes >= 1024 * 1024
    ? `${intl.formatNumber(bytes / (1024 * 1024), { maximumFractionDigits: 1 })} MB`
    : `${intl.formatNumber(bytes / 1024, { maximumFractionDigits: 1 })} kB`;
