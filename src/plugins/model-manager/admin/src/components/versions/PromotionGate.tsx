import {
  Box,
  Flex,
  Loader,
  Table,
  Tbody,
  Td,
  TextButton,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { PromotionCheck } from '../../../../shared/contracts/promotion';
import { GATE_METRICS } from '../../../../shared/promotion-policy';
import { type MessageKey, useT } from '../../hooks/useT';
import { formatDelta, formatMetric } from '../../utils/format';

interface Props {
  check: PromotionCheck | null;
  error: string | null;
  /** opens Compare on the two versions */
  onCompare?: (candidate: number, champion: number) => void;
}

/** The candidate against the champion on the same evaluation set, and the policy's verdict. */
export const PromotionGate = ({ check, error, onCompare }: Props) => {
  const t = useT();
  const intl = useIntl();
  if (error)
    return <Typography textColor="danger600">{t('gate.error', { message: error })}</Typography>;
  if (!check) return <Loader small>{t('gate.loading')}</Loader>;
  const { champion } = check;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="promotion-gate">
      <Typography variant="pi" textColor="neutral600">
        {check.dataset
          ? t('gate.dataset', {
              dataset: check.dataset,
              size: check.size,
              champion: champion ?? '',
              hasChampion: champion === null ? 'no' : 'yes',
            })
          : t('gate.noDataset')}
      </Typography>
      {check.dataset && (
        <Table colCount={4} rowCount={GATE_METRICS.length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">{t('gate.metric')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">
                  {t('versions.number', { number: check.candidate })}
                </Typography>
              </Th>
              <Th>
                <Typography variant="sigma">
                  {champion === null ? '—' : t('versions.number', { number: champion })}
                </Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('gate.difference')}</Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {GATE_METRICS.map((metric) => {
              const figure = check.metrics[metric];
              const broken = check.violations.some((v) => v.metric === metric);
              return (
                <Tr key={metric} data-testid={`gate-${metric}`}>
                  <Td>
                    <Typography>{t(`metric.${metric}` as MessageKey)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{formatMetric(intl, metric, figure.candidate)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{formatMetric(intl, metric, figure.champion)}</Typography>
                  </Td>
                  <Td>
                    <Typography
                      textColor={broken ? 'danger600' : 'neutral800'}
                      fontWeight={broken ? 'bold' : undefined}
                    >
                      {formatDelta(intl, metric, figure.difference)}
                    </Typography>
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}
      {champion !== null && check.dataset && (
        <Flex gap={2} wrap="wrap" justifyContent="space-between">
          <Typography variant="omega" data-testid="gate-flips">
            {t('gate.flips', {
              candidateRight: check.flips.candidateRight,
              championRight: check.flips.championRight,
              bothWrong: check.flips.bothWrong,
            })}
          </Typography>
          {onCompare && (
            <TextButton onClick={() => onCompare(check.candidate, champion)}>
              {t('gate.compare')}
            </TextButton>
          )}
        </Flex>
      )}
      <Box
        background={check.passes ? 'success100' : 'danger100'}
        padding={3}
        hasRadius
        data-testid="gate-verdict"
        data-passes={String(check.passes)}
      >
        {check.passes ? (
          <Typography textColor="success700">{t('gate.passes')}</Typography>
        ) : (
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Typography textColor="danger700" fontWeight="bold">
              {t('gate.fails')}
            </Typography>
            {check.violations.map((v, i) => (
              <Typography key={i} textColor="danger700" variant="omega">
                {v.message} ({v.rule})
              </Typography>
            ))}
          </Flex>
        )}
      </Box>
    </Flex>
  );
};
