import { Badge, EmptyStateLayout, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { useIntl } from 'react-intl';
import type { TrainingRunSummary } from '../../../../shared/contracts/training';
import { type MessageKey, useT } from '../../hooks/useT';
import { formatDateTime } from '../../utils/format';
import { TableHeader } from '../TableHeader';

const COLUMNS: MessageKey[] = [
  'training.column.started',
  'training.column.startedBy',
  'training.column.status',
  'training.column.parameters',
  'training.column.dataset',
  'training.column.result',
];
const VARIANT = {
  queued: 'neutral',
  running: 'primary',
  succeeded: 'success',
  failed: 'danger',
} as const;

const describe = (parameters: Record<string, unknown> | null) =>
  parameters
    ? Object.entries(parameters)
        .filter(([key]) => key !== 'notes' && key !== 'datasets')
        .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('–') : String(value)}`)
        .join(', ')
    : '—';

/** Past and current runs of the model; a click watches one. */
export const TrainingRunsTable = ({
  runs,
  onWatch,
}: {
  runs: TrainingRunSummary[];
  onWatch: (id: string) => void;
}) => {
  const t = useT();
  const intl = useIntl();
  if (runs.length === 0)
    return (
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content={t('training.runs.empty')}
        hasRadius
      />
    );
  return (
    <Table colCount={COLUMNS.length} rowCount={runs.length + 1}>
      <TableHeader columns={COLUMNS} />
      <Tbody>
        {runs.map((run) => (
          <Tr
            key={run.documentId}
            onClick={() => onWatch(run.documentId)}
            style={{ cursor: 'pointer' }}
          >
            <Td>
              <Typography>{formatDateTime(intl, run.startedAt ?? run.createdAt)}</Typography>
            </Td>
            <Td>
              <Typography>{run.requestedBy ?? '—'}</Typography>
            </Td>
            <Td>
              <Badge variant={VARIANT[run.status]}>{t(`training.status.${run.status}`)}</Badge>
            </Td>
            <Td style={{ whiteSpace: 'normal' }}>
              <Typography variant="pi">{describe(run.parameters)}</Typography>
            </Td>
            <Td>
              <Typography>
                {run.datasetSize === null ? '—' : intl.formatNumber(run.datasetSize)}
              </Typography>
            </Td>
            <Td style={{ whiteSpace: 'normal', maxWidth: '32rem' }}>
              <Typography textColor={run.status === 'failed' ? 'danger600' : 'neutral800'}>
                {run.version !== undefined && run.version !== null
                  ? t('versions.number', { number: run.version })
                  : (run.error ?? '—')}
              </Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
