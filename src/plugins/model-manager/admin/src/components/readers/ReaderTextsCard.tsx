import { Flex, Loader, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { useCallback, useState } from 'react';
import { useApi } from '../../hooks/useApi';
import { useResource } from '../../hooks/useResource';
import { useT } from '../../hooks/useT';
import { PagePagination } from '../PagePagination';
import { TableHeader } from '../TableHeader';
import { Unavailable } from '../Unavailable';

const COLUMNS = ['readers.texts.reader', 'readers.texts.text', 'readers.texts.label'] as const;

/**
 * What readers with a personal model labelled, for an admin granted readers.read-texts: the panel
 * only mounts this card then (the server refuses anyone else with 403 anyway).
 */
export const ReaderTextsCard = ({ slug }: { slug: string }) => {
  const t = useT();
  const api = useApi();
  const [page, setPage] = useState(1);
  const load = useCallback(() => api.readerTexts(slug, page), [api, slug, page]);
  const { data, error, isLoading } = useResource(load);

  if (error) return <Unavailable error={error} />;
  if (!data) return <Loader small>{t('common.loading')}</Loader>;
  const { pagination } = data.meta;
  if (data.data.length === 0)
    return <Typography textColor="neutral600">{t('readers.texts.empty')}</Typography>;
  const rows = data.data.flatMap((reader) =>
    reader.texts.map((text, i) => ({
      key: `${reader.id}-${text.subject}`,
      reader:
        i === 0 ? t('readers.texts.who', { username: reader.username, labels: reader.labels }) : '',
      text,
    }))
  );

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Table colCount={COLUMNS.length} rowCount={rows.length + 1}>
        <TableHeader columns={COLUMNS} />
        <Tbody>
          {rows.map((row) => (
            <Tr key={row.key} data-testid="reader-text-row">
              <Td>
                <Typography fontWeight="semiBold">{row.reader}</Typography>
              </Td>
              <Td>
                <Typography>{row.text.text ?? row.text.subject}</Typography>
              </Td>
              <Td>
                <Typography>{row.text.label}</Typography>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      <Flex justifyContent="flex-end">
        <PagePagination
          page={page}
          pageCount={pagination.pageCount}
          onChange={(next) => !isLoading && setPage(next)}
        />
      </Flex>
    </Flex>
  );
};
