import { Box, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { ModelCard } from '../../../../shared/contracts/card';
import { type MessageKey, useT } from '../../hooks/useT';
import { formatMetric } from '../../utils/format';
import { Evidence } from './Evidence';

const WeakSection = ({ card }: { card: ModelCard }) => {
  const t = useT();
  const intl = useIntl();
  const today = card.evidence.today;
  if (!today)
    return (
      <Evidence title={t('card.weak')}>
        <Typography>{t('card.weak.noSet')}</Typography>
      </Evidence>
    );
  const pct = (v: number) => formatMetric(intl, 'accuracy', v);
  return (
    <Evidence title={t('card.weak')}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography>{t('card.weak.undecided', { share: pct(today.undecidedRate) })}</Typography>
        {today.perGroup && (
          <Table colCount={3} rowCount={today.perGroup.length + 1}>
            <Thead>
              <Tr>
                <Th>{t('card.weak.group')}</Th>
                <Th>{t('card.weak.rows')}</Th>
                <Th>{t('metric.accuracy' as MessageKey)}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {[...today.perGroup]
                .sort((a, b) => a.accuracy - b.accuracy)
                .map((g) => (
                  <Tr key={g.group}>
                    <Td>
                      <Typography>{g.group || '—'}</Typography>
                    </Td>
                    <Td>
                      <Typography>{g.size}</Typography>
                    </Td>
                    <Td>
                      <Typography>{pct(g.accuracy)}</Typography>
                    </Td>
                  </Tr>
                ))}
            </Tbody>
          </Table>
        )}
        {today.confidentMistakes.length > 0 && (
          <Box>
            <Typography variant="sigma" textColor="neutral600">
              {t('card.weak.mistakes')}
            </Typography>
            <Table colCount={4} rowCount={today.confidentMistakes.length + 1}>
              <Thead>
                <Tr>
                  <Th>{t('card.weak.text')}</Th>
                  <Th>{t('card.weak.truth')}</Th>
                  <Th>{t('card.weak.answered')}</Th>
                  <Th>{t('card.weak.confidence')}</Th>
                </Tr>
              </Thead>
              <Tbody>
                {today.confidentMistakes.map((m, i) => (
                  <Tr key={i}>
                    <Td style={{ whiteSpace: 'normal', maxWidth: 640 }}>
                      <Typography>
                        {m.text.length > 300 ? `${m.text.slice(0, 300)}…` : m.text}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>{m.truth}</Typography>
                    </Td>
                    <Td>
                      <Typography>{m.predicted}</Typography>
                    </Td>
                    <Td>
                      <Typography>{pct(m.confidence)}</Typography>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </Box>
        )}
      </Flex>
    </Evidence>
  );
};

export { WeakSection };
