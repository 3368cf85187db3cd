import { Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { Comparison } from '../../../../shared/contracts/compare';
import { useT } from '../../hooks/useT';
import { formatMetric } from '../../utils/format';
import { KEY_METRICS } from '../../utils/metrics';

/** Candidate and baseline on the same evaluation set, with the difference coloured. */
export const MetricsSideBySide = ({ comparison }: { comparison: Comparison }) => {
  const t = useT();
  const intl = useIntl();
  const { candidate, baseline } = comparison;
  const perClass = comparison.labels.map((label) => ({
    label,
    candidate: candidate.metrics.perClass.find((c) => c.label === label)?.f1 ?? null,
    baseline: baseline?.metrics.perClass.find((c) => c.label === label)?.f1 ?? null,
  }));
  const rows = [
    ...KEY_METRICS.map((metric) => ({
      key: metric,
      name: t(`metric.${metric}`),
      metric,
      candidate: candidate.metrics[metric],
      baseline: baseline?.metrics[metric] ?? null,
    })),
    ...perClass.map((c) => ({
      key: `f1-${c.label}`,
      name: t('metric.f1Of', { label: c.label }),
      metric: 'f1',
      candidate: c.candidate,
      baseline: c.baseline,
    })),
  ];

  return (
    <Table colCount={4} rowCount={rows.length + 1}>
      <Thead>
        <Tr>
          <Th>
            <Typography variant="sigma">{t('compare.metric')}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{t('compare.candidate', { number: candidate.number })}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">
              {baseline ? t('compare.baseline', { number: baseline.number }) : t('compare.noBaseline')}
            </Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{t('compare.delta')}</Typography>
          </Th>
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => {
          const delta = row.candidate !== null && row.baseline !== null ? row.candidate - row.baseline : null;
          const color = delta === null || Math.abs(delta) < 1e-9 ? 'neutral600' : delta > 0 ? 'success600' : 'danger600';
          return (
            <Tr key={row.key}>
              <Td>
                <Typography fontWeight="semiBold">{row.name}</Typography>
              </Td>
              <Td>
                <Typography>{formatMetric(intl, row.metric, row.candidate)}</Typography>
              </Td>
              <Td>
                <Typography>{formatMetric(intl, row.metric, row.baseline)}</Typography>
              </Td>
              <Td>
                <Typography textColor={color} fontWeight="semiBold">
                  {delta === null
                    ? '—'
                    : row.metric === 'auc'
                      ? intl.formatNumber(delta, { maximumFractionDigits: 3, signDisplay: 'exceptZero' })
                      : t('compare.delta.points', {
                          value: intl.formatNumber(delta * 100, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
                        })}
                </Typography>
              </Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
};
