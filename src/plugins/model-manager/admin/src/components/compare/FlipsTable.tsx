import { Badge, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import type { Comparison } from '../../../../shared/contracts/compare';
import { useT } from '../../hooks/useT';

/** Evaluation examples on which the two versions disagree, and who was right. */
export const FlipsTable = ({ comparison }: { comparison: Comparison }) => {
  const t = useT();
  if (comparison.flips.length === 0) return <Typography textColor="neutral600">{t('compare.flips.none')}</Typography>;
  const verdict = (flip: Comparison['flips'][number]) =>
    flip.candidate === flip.truth ? 'compare.flips.fixed' : flip.baseline === flip.truth ? 'compare.flips.broken' : 'compare.flips.bothWrong';
  return (
    <Table colCount={5} rowCount={comparison.flips.length + 1}>
      <Thead>
        <Tr>
          <Th><Typography variant="sigma">{t('compare.flips.text')}</Typography></Th>
          <Th><Typography variant="sigma">{t('compare.flips.truth')}</Typography></Th>
          <Th><Typography variant="sigma">{t('compare.candidate', { number: comparison.candidate.number })}</Typography></Th>
          <Th><Typography variant="sigma">{t('compare.baseline', { number: comparison.baseline?.number ?? '—' })}</Typography></Th>
          <Th><Typography variant="sigma">{t('compare.flips.verdict')}</Typography></Th>
        </Tr>
      </Thead>
      <Tbody>
        {comparison.flips.map((flip, i) => {
          const key = verdict(flip);
          return (
            <Tr key={i}>
              <Td style={{ whiteSpace: 'normal', maxWidth: '48rem' }}>
                <Typography variant="omega">{flip.text}</Typography>
              </Td>
              <Td><Badge>{flip.truth}</Badge></Td>
              <Td><Badge>{flip.candidate}</Badge></Td>
              <Td><Badge>{flip.baseline}</Badge></Td>
              <Td>
                <Badge variant={key === 'compare.flips.fixed' ? 'success' : 'danger'}>{t(key)}</Badge>
              </Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
};
