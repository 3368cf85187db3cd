import { Button, Flex, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { Outcomes } from '../../../../shared/contracts/outcomes';
import { useT } from '../../hooks/useT';
import { formatMetric } from '../../utils/format';
import { TableHeader } from '../TableHeader';
import { IntervalChart } from './IntervalChart';

const COLUMNS = [
  'readers.outcomes.variant',
  'readers.outcomes.served',
  'readers.outcomes.accuracy',
  'readers.outcomes.interval',
  'readers.outcomes.n',
  'readers.outcomes.readers',
  'readers.outcomes.capped',
  'readers.outcomes.accounts',
] as const;

/**
 * Accuracy per variant of predictions their readers later labelled, with the 95 % interval drawn,
 * so an editor can judge a challenger before promoting or stopping it on the versions tab.
 */
export const OutcomesCard = ({
  outcomes,
  onVersions,
}: {
  outcomes: Outcomes;
  onVersions: () => void;
}) => {
  const t = useT();
  const intl = useIntl();
  const { variants } = outcomes;
  if (variants.length === 0)
    return <Typography textColor="neutral600">{t('readers.outcomes.empty')}</Typography>;
  const key = (v: Outcomes['variants'][number]) => `${v.variant}-${v.served}`;
  const hasChallenger = variants.some((v) => v.variant === 'challenger');

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <IntervalChart
        title={t('readers.outcomes.chart')}
        rows={variants.map((v) => ({
          key: key(v),
          label: `${v.variant} · v${v.served.split('@').pop()}`,
          value: v.accuracy,
          low: v.interval.low,
          high: v.interval.high,
        }))}
      />
      <Table colCount={COLUMNS.length} rowCount={variants.length + 1}>
        <TableHeader columns={COLUMNS} />
        <Tbody>
          {variants.map((v) => (
            <Tr key={key(v)} data-testid={`outcome-row-${v.variant}`}>
              <Td>
                <Typography fontWeight="semiBold">{v.variant}</Typography>
              </Td>
              <Td>
                <Typography data-testid="served">{v.served}</Typography>
              </Td>
              <Td>
                <Typography data-testid="accuracy">
                  {formatMetric(intl, 'accuracy', v.accuracy)}
                </Typography>
              </Td>
              <Td>
                <Typography textColor="neutral600" data-testid="interval">
                  [{formatMetric(intl, 'accuracy', v.interval.low)},{' '}
                  {formatMetric(intl, 'accuracy', v.interval.high)}]
                </Typography>
              </Td>
              <Td>
                <Typography data-testid="labelled">{v.labelled}</Typography>
              </Td>
              <Td>
                <Typography data-testid="readers">{v.readers}</Typography>
              </Td>
              <Td>
                <Typography data-testid="capped">
                  {v.capped
                    ? `${formatMetric(intl, 'accuracy', v.capped.accuracy)} [${formatMetric(intl, 'accuracy', v.capped.interval.low)}, ${formatMetric(intl, 'accuracy', v.capped.interval.high)}]`
                    : '—'}
                </Typography>
              </Td>
              <Td>
                <Typography data-testid="accounts">{v.accounts}</Typography>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      <Flex gap={3} alignItems="center">
        <Typography variant="pi" textColor="neutral600">
          {hasChallenger ? t('readers.outcomes.judgeChallenger') : t('readers.outcomes.hint')}
        </Typography>
        <Button size="S" variant="tertiary" onClick={onVersions} data-testid="to-versions">
          {t('readers.outcomes.toVersions')}
        </Button>
      </Flex>
    </Flex>
  );
};
