import { Badge, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl, type IntlShape } from 'react-intl';
import type { Comparison, Difference, Estimate } from '../../../../shared/contracts/compare';
import { HIGHER_IS_BETTER, INTERVAL_METRICS } from '../../../../shared/metrics';
import { useT } from '../../hooks/useT';
import { formatDelta, formatMetric } from '../../utils/format';

interface Row {
  key: string;
  name: string;
  metric: string;
  higherIsBetter: boolean;
  candidate: Estimate;
  baseline: Estimate | null;
  difference: Difference | null;
}

const EstimateCell = ({
  intl,
  metric,
  estimate,
}: {
  intl: IntlShape;
  metric: string;
  estimate: Estimate | null;
}) => (
  <Flex direction="column" alignItems="flex-start" gap={0}>
    <Typography>{formatMetric(intl, metric, estimate?.value)}</Typography>
    {estimate?.low !== null && estimate?.low !== undefined && (
      <Typography variant="pi" textColor="neutral600" data-testid="interval">
        [{formatMetric(intl, metric, estimate.low)}, {formatMetric(intl, metric, estimate.high)}]
      </Typography>
    )}
  </Flex>
);

/**
 * Candidate and baseline on the same evaluation set with 95 % bootstrap intervals. A difference
 * is coloured (and called significant) only when its paired interval excludes zero.
 */
export const MetricsSideBySide = ({ comparison }: { comparison: Comparison }) => {
  const t = useT();
  const intl = useIntl();
  const { candidate, baseline, intervals } = comparison;
  const rows: Row[] = [
    ...INTERVAL_METRICS.map((metric) => ({
      key: metric,
      name: t(`metric.${metric}`),
      metric,
      higherIsBetter: HIGHER_IS_BETTER[metric],
      candidate: intervals.candidate[metric],
      baseline: intervals.baseline?.[metric] ?? null,
      difference: intervals.difference?.[metric] ?? null,
    })),
    ...comparison.labels.map((label) => ({
      key: `f1-${label}`,
      name: t('metric.f1Of', { label }),
      metric: 'f1',
      higherIsBetter: true,
      ...(intervals.perClassF1[label] ?? {
        candidate: { value: null, low: null, high: null },
        baseline: null,
        difference: null,
      }),
    })),
  ];

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Typography variant="pi" textColor="neutral600" data-testid="interval-method">
        {intervals.groupedBy
          ? t('compare.intervals.grouped', {
              resamples: intervals.resamples,
              field: intervals.groupedBy,
              groups: intervals.groups ?? 0,
            })
          : t('compare.intervals.rows', { resamples: intervals.resamples })}
      </Typography>
      <Table colCount={4} rowCount={rows.length + 1}>
        <Thead>
          <Tr>
            <Th>
              <Typography variant="sigma">{t('compare.metric')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">
                {t('compare.candidate', { number: candidate.number })}
              </Typography>
            </Th>
            <Th>
              <Typography variant="sigma">
                {baseline
                  ? t('compare.baseline', { number: baseline.number })
                  : t('compare.noBaseline')}
              </Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('compare.delta')}</Typography>
            </Th>
          </Tr>
        </Thead>
        <Tbody>
          {rows.map((row) => {
            const d = row.difference;
            const better =
              d?.value !== null &&
              d?.value !== undefined &&
              (row.higherIsBetter ? d.value > 0 : d.value < 0);
            const color = !d?.significant ? 'neutral600' : better ? 'success600' : 'danger600';
            return (
              <Tr key={row.key} data-testid={`metric-row-${row.key}`}>
                <Td>
                  <Typography fontWeight="semiBold">{row.name}</Typography>
                </Td>
                <Td>
                  <EstimateCell intl={intl} metric={row.metric} estimate={row.candidate} />
                </Td>
                <Td>
                  <EstimateCell intl={intl} metric={row.metric} estimate={row.baseline} />
                </Td>
                <Td>
                  {d && d.value !== null ? (
                    <Flex direction="column" alignItems="flex-start" gap={1}>
                      <Typography textColor={color} fontWeight="semiBold">
                        {formatDelta(intl, row.metric, d.value)}{' '}
                        <Typography variant="pi" textColor="neutral600" data-testid="interval">
                          [{formatDelta(intl, row.metric, d.low)},{' '}
                          {formatDelta(intl, row.metric, d.high)}]
                        </Typography>
                      </Typography>
                      <Badge data-testid="significance" data-significant={String(d.significant)}>
                        {d.significant ? t('compare.significant') : t('compare.notSignificant')}
                      </Badge>
                    </Flex>
                  ) : (
                    <Typography textColor="neutral600">—</Typography>
                  )}
                </Td>
              </Tr>
            );
          })}
        </Tbody>
      </Table>
    </Flex>
  );
};
