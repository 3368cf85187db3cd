import { Box, Grid, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { ModelCard } from '../../../../shared/contracts/card';
import { ConfusionMatrix } from '../compare/ConfusionMatrix';
import { ReliabilityDiagram } from '../compare/ReliabilityDiagram';
import { type MessageKey, useT } from '../../hooks/useT';
import { formatMetric } from '../../utils/format';
import { Evidence } from './Evidence';

const METRICS = ['accuracy', 'macroF1', 'auc', 'ece', 'brier'] as const;

const EvaluationSection = ({ card }: { card: ModelCard }) => {
  const t = useT();
  const intl = useIntl();
  const { metrics, today } = card.evidence;
  if (!metrics)
    return (
      <Evidence title={t('card.evaluation')}>
        <Typography>{t('card.evaluation.none')}</Typography>
      </Evidence>
    );
  const interval = (m: (typeof METRICS)[number]) => {
    const e = today?.intervals[m];
    if (!e || e.value === null) return '—';
    return `${formatMetric(intl, m, e.value)} (${formatMetric(intl, m, e.low)} – ${formatMetric(intl, m, e.high)})`;
  };
  return (
    <Evidence title={t('card.evaluation')}>
      <Typography textColor="neutral600" tag="p">
        {t('card.evaluation.recorded', {
          evaluation: metrics.evaluation ?? 'evaluation set',
          dataset: metrics.dataset,
          size: metrics.size,
        })}
      </Typography>
      <Box paddingTop={3}>
        <Table colCount={3} rowCount={METRICS.length + 1}>
          <Thead>
            <Tr>
              <Th>{t('card.metric')}</Th>
              <Th>{t('card.metric.recorded')}</Th>
              <Th>{today ? t('card.metric.today') : ''}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {METRICS.map((m) => (
              <Tr key={m}>
                <Td>
                  <Typography>{t(`metric.${m}` as MessageKey)}</Typography>
                </Td>
                <Td>
                  <Typography>{formatMetric(intl, m, metrics[m])}</Typography>
                </Td>
                <Td>
                  <Typography textColor="neutral600">{interval(m)}</Typography>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </Box>
      <Grid.Root gap={6} paddingTop={5}>
        {metrics.reliability && (
          <Grid.Item col={6} s={12} direction="column" alignItems="flex-start">
            <Typography variant="sigma" textColor="neutral600">
              {t('card.calibration')}
            </Typography>
            <ReliabilityDiagram
              series={[
                {
                  key: 'v',
                  name: `v${card.version.number}`,
                  bins: metrics.reliability,
                  ece: metrics.ece ?? null,
                },
              ]}
            />
          </Grid.Item>
        )}
        <Grid.Item col={6} s={12} direction="column" alignItems="flex-start">
          <ConfusionMatrix
            title={t('compare.confusion')}
            labels={metrics.labels}
            matrix={metrics.confusion}
          />
        </Grid.Item>
      </Grid.Root>
    </Evidence>
  );
};

export { EvaluationSection };
