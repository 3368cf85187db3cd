import {
  EmptyStateLayout,
  Flex,
  Link,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Tr,
  Typography,
} from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import type { FeedbackEntry } from '../../../../shared/contracts/feedback';
import { type MessageKey, useT } from '../../hooks/useT';
import { formatDateTime } from '../../utils/format';
import { ClampedText } from '../ClampedText';
import { ClassBadge } from '../ClassBadge';
import { TableHeader } from '../TableHeader';
import { DeleteFeedbackDialog } from './DeleteFeedbackDialog';

const COLUMNS: MessageKey[] = [
  'feedback.column.subject',
  'feedback.column.label',
  'feedback.column.predicted',
  'feedback.column.source',
  'feedback.column.giver',
];

interface Props {
  entries: FeedbackEntry[];
  labels: string[];
  /** relabel and delete offered (the curate permission); the server checks it anyway */
  canEdit: boolean;
  onRelabel: (entry: FeedbackEntry, label: string) => Promise<void>;
  onDelete: (entry: FeedbackEntry, reason?: string) => Promise<void>;
}

/** Feedback entries: the text (an entry's linked to it in the Content Manager), who labelled it how; curators relabel and delete. */
export const FeedbackTable = ({ entries, labels, canEdit, onRelabel, onDelete }: Props) => {
  const t = useT();
  const intl = useIntl();
  if (entries.length === 0) {
    return (
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content={t('feedback.empty')}
        hasRadius
      />
    );
  }
  const columns: MessageKey[] = canEdit ? [...COLUMNS, 'feedback.column.actions'] : COLUMNS;
  return (
    <Table colCount={columns.length} rowCount={entries.length + 1}>
      <TableHeader columns={columns} />
      <Tbody>
        {entries.map((entry) => (
          <Tr key={entry.documentId} data-testid={`feedback-row-${entry.documentId}`}>
            {/* the widest column, cut to three lines, so the table stays readable at 900 px */}
            <Td
              style={{
                whiteSpace: 'normal',
                minWidth: '12rem',
                maxWidth: '36rem',
                overflowWrap: 'anywhere',
              }}
            >
              {entry.subject ? (
                <Link
                  tag={NavLink}
                  to={`/content-manager/collection-types/${entry.subject.type}/${entry.subject.documentId}`}
                >
                  {(entry.text ?? entry.subject.documentId).split('\n')[0].slice(0, 200)}
                </Link>
              ) : (
                <ClampedText text={entry.text ?? '—'} />
              )}
            </Td>
            <Td>
              {canEdit ? (
                <SingleSelect
                  size="S"
                  aria-label={t('feedback.relabel')}
                  value={entry.label}
                  onChange={(next) =>
                    String(next) !== entry.label && void onRelabel(entry, String(next))
                  }
                >
                  {labels.map((label) => (
                    <SingleSelectOption key={label} value={label}>
                      {label}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              ) : (
                <ClassBadge label={entry.label} labels={labels} />
              )}
            </Td>
            <Td>
              <Typography
                textColor={
                  entry.predictedLabel && entry.predictedLabel !== entry.label
                    ? 'danger600'
                    : 'neutral700'
                }
              >
                {entry.predictedLabel
                  ? entry.predictedVersion
                    ? t('feedback.predictedBy', {
                        label: entry.predictedLabel,
                        number: entry.predictedVersion,
                      })
                    : entry.predictedLabel
                  : '—'}
              </Typography>
            </Td>
            {/* two facts a cell, stacked, so the columns fit 900 px without a sideways scroll */}
            <Td>
              <Flex direction="column" alignItems="flex-start">
                <Typography>{t(`feedback.source.${entry.source}`)}</Typography>
                <Typography variant="pi" textColor="neutral600">
                  {entry.dataset}
                </Typography>
              </Flex>
            </Td>
            <Td style={{ whiteSpace: 'normal', minWidth: '8rem' }}>
              <Flex direction="column" alignItems="flex-start">
                <Typography variant="pi" title={entry.giverKey}>
                  {entry.giverName}
                </Typography>
                <Typography variant="pi" textColor="neutral600">
                  {formatDateTime(intl, entry.createdAt)}
                </Typography>
              </Flex>
            </Td>
            {canEdit && (
              <Td>
                <DeleteFeedbackDialog entry={entry} onDelete={onDelete} />
              </Td>
            )}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
