import {
  Badge,
  Button,
  Flex,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { useState } from 'react';
import type { Comparison } from '../../../../shared/contracts/compare';
import { useT } from '../../hooks/useT';
import { ClampedText } from '../ClampedText';
import { ClassBadge } from '../ClassBadge';

const FIRST = 20;

/** Evaluation examples on which the two versions disagree, and who was right. */
export const FlipsTable = ({ comparison }: { comparison: Comparison }) => {
  const t = useT();
  const [all, setAll] = useState(false);
  if (!comparison.baseline)
    return <Typography textColor="neutral600">{t('compare.flips.noBaseline')}</Typography>;
  if (comparison.flips.length === 0)
    return <Typography textColor="neutral600">{t('compare.flips.none')}</Typography>;
  const counts = comparison.flipCounts;
  const total = counts?.total ?? comparison.flips.length;
  const verdict = (flip: Comparison['flips'][number]) =>
    flip.candidate === flip.truth
      ? 'compare.flips.fixed'
      : flip.baseline === flip.truth
        ? 'compare.flips.broken'
        : 'compare.flips.bothWrong';
  const shown = all ? comparison.flips : comparison.flips.slice(0, FIRST);
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {counts && (
        <Flex gap={2} wrap="wrap" data-testid="flip-counts">
          <Badge variant="success">
            {t('compare.flips.candidateRight', { count: counts.candidateRight })}
          </Badge>
          <Badge variant="danger">
            {t('compare.flips.baselineRight', { count: counts.baselineRight })}
          </Badge>
          <Badge>{t('compare.flips.bothWrongCount', { count: counts.bothWrong })}</Badge>
        </Flex>
      )}
      {total > comparison.flips.length && (
        <Typography variant="pi" textColor="neutral600" data-testid="flips-capped">
          {t('compare.flips.capped', { shown: comparison.flips.length, total })}
        </Typography>
      )}
      <Table colCount={5} rowCount={shown.length + 1}>
        <Thead>
          <Tr>
            <Th>
              <Typography variant="sigma">{t('compare.flips.text')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('compare.flips.truth')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">
                {t('compare.candidate', { number: comparison.candidate.number })}
              </Typography>
            </Th>
            <Th>
              <Typography variant="sigma">
                {t('compare.baseline', { number: comparison.baseline?.number ?? '—' })}
              </Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('compare.flips.verdict')}</Typography>
            </Th>
          </Tr>
        </Thead>
        <Tbody>
          {shown.map((flip, i) => {
            const key = verdict(flip);
            return (
              <Tr key={i}>
                <Td style={{ whiteSpace: 'normal', maxWidth: '48rem' }}>
                  <ClampedText text={flip.text} />
                </Td>
                <Td>
                  <ClassBadge label={flip.truth} labels={comparison.labels} />
                </Td>
                <Td>
                  <ClassBadge label={flip.candidate} labels={comparison.labels} />
                </Td>
                <Td>
                  <ClassBadge label={flip.baseline} labels={comparison.labels} />
                </Td>
                <Td>
                  <Badge variant={key === 'compare.flips.fixed' ? 'success' : 'danger'}>
                    {t(key)}
                  </Badge>
                </Td>
              </Tr>
            );
          })}
        </Tbody>
      </Table>
      {shown.length < comparison.flips.length && (
        <Flex justifyContent="center">
          <Button variant="tertiary" onClick={() => setAll(true)}>
            {t('compare.flips.showAll', { count: comparison.flips.length })}
          </Button>
        </Flex>
      )}
    </Flex>
  );
};
