import { Flex, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { CollectiveSummary } from '../../api';
import { useT } from '../../hooks/useT';
import { TableHeader } from '../TableHeader';

const COLUMNS = [
  'readers.collective.member',
  'readers.collective.labels',
  'readers.collective.reliability',
  'readers.collective.decided',
  'readers.collective.kappa',
  'readers.collective.weight',
] as const;

/**
 * A collective model's base, its members, each one's estimated reliability and how many subjects
 * their label decided, the anchor, and how well they agreed (Fleiss' kappa overall, Cohen's per member).
 */
export const CollectiveCard = ({ collective }: { collective: CollectiveSummary }) => {
  const t = useT();
  const intl = useIntl();
  const { agreement } = collective;
  const kappa = (value: number | null) =>
    value === null
      ? '—'
      : intl.formatNumber(value, { minimumFractionDigits: 3, maximumFractionDigits: 3 });

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Typography data-testid="collective-summary">
        {t('readers.collective.summary', {
          base: collective.baseModel,
          members: collective.members,
          subjects: agreement.subjects,
          kept: agreement.kept,
          ties: agreement.ties,
        })}
      </Typography>
      <Typography data-testid="collective-anchor">
        {agreement.anchor.version === null
          ? t('readers.collective.noAnchor', {
              gold: agreement.gold,
              weightSum: intl.formatNumber(agreement.weightSum, { maximumFractionDigits: 1 }),
            })
          : t('readers.collective.anchor', {
              version: agreement.anchor.version,
              subjects: agreement.anchor.subjects,
              decided: agreement.anchor.decided,
              gold: agreement.gold,
              weightSum: intl.formatNumber(agreement.weightSum, { maximumFractionDigits: 1 }),
            })}
      </Typography>
      <Typography data-testid="fleiss-kappa">
        {t('readers.collective.fleiss', { kappa: kappa(agreement.fleissKappa) })}
      </Typography>
      <Table colCount={COLUMNS.length} rowCount={agreement.members.length + 1}>
        <TableHeader columns={COLUMNS} />
        <Tbody>
          {agreement.members.map((m) => (
            <Tr key={m.member} data-testid="member-row">
              <Td>
                <Typography fontWeight="semiBold">{m.member}</Typography>
              </Td>
              <Td>
                <Typography>{m.labels}</Typography>
              </Td>
              <Td>
                <Typography data-testid="member-reliability">
                  {intl.formatNumber(m.reliability, { style: 'percent', maximumFractionDigits: 1 })}
                </Typography>
              </Td>
              <Td>
                <Typography data-testid="member-decided">{m.decided}</Typography>
              </Td>
              <Td>
                <Typography data-testid="member-kappa">{kappa(m.kappa)}</Typography>
              </Td>
              <Td>
                <Typography data-testid="member-weight">
                  {intl.formatNumber(m.weight, { maximumFractionDigits: 3 })}
                </Typography>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </Flex>
  );
};
