import { Link, Table, Tbody, Td,  Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import type { FeedbackEntry } from '../../../../shared/contracts/feedback';
import { type MessageKey, useT } from '../../hooks/useT';
import { formatDateTime } from '../../utils/format';
import { ClassBadge } from '../ClassBadge';
import { TableHeader } from '../TableHeader';

const COLUMNS: MessageKey[] = [
  'feedback.column.subject',
  'feedback.column.label',
  'feedback.column.predicted',
  'feedback.column.source',
  'feedback.column.dataset',
  'feedback.column.giver',
  'feedback.column.date',
];
const ARTICLE_UID = 'api::article.article';

/** Feedback entries: the text (or the article, linked to the content manager) and who labelled it how. */
export const FeedbackTable = ({ entries, labels }: { entries: FeedbackEntry[]; labels: string[] }) => {
  const t = useT();
  const intl = useIntl();
  if (entries.length === 0) return <Typography textColor="neutral600">{t('feedback.empty')}</Typography>;
  return (
    <Table colCount={COLUMNS.length} rowCount={entries.length + 1}>
      <TableHeader columns={COLUMNS} />
      <Tbody>
        {entries.map((entry) => (
          <Tr key={entry.documentId}>
            <Td style={{ whiteSpace: 'normal', maxWidth: '44rem' }}>
              {entry.article ? (
                <Link tag={NavLink} to={`/content-manager/collection-types/${ARTICLE_UID}/${entry.article.documentId}`}>
                  {entry.article.title}
                </Link>
              ) : (
                <Typography variant="omega" ellipsis title={entry.text ?? ''}>
                  {entry.text ?? '—'}
                </Typography>
              )}
            </Td>
            <Td>
              <ClassBadge label={entry.label} labels={labels} />
            </Td>
            <Td>
              <Typography textColor={entry.predictedLabel && entry.predictedLabel !== entry.label ? 'danger600' : 'neutral700'}>
                {entry.predictedLabel
                  ? entry.predictedVersion
                    ? t('feedback.predictedBy', { label: entry.predictedLabel, number: entry.predictedVersion })
                    : entry.predictedLabel
                  : '—'}
              </Typography>
            </Td>
            <Td>
              <Typography>{t(`feedback.source.${entry.source}`)}</Typography>
            </Td>
            <Td>
              <Typography>{entry.dataset}</Typography>
            </Td>
            <Td>
              <Typography variant="pi">{entry.giverKey}</Typography>
            </Td>
            <Td>
              <Typography variant="pi">{formatDateTime(intl, entry.createdAt)}</Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
