import { Button, Flex, Loader } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useDebounce } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState } from 'react';
import type { FeedbackEntry } from '../../../../shared/contracts/feedback';
import type { FeedbackFilters as Filters } from '../../api';
import { useApi } from '../../hooks/useApi';
import { useNotifyError, useNotifySuccess } from '../../hooks/useNotifyError';
import { useResource } from '../../hooks/useResource';
import { useT } from '../../hooks/useT';
import { Card } from '../Card';
import { PagePagination } from '../PagePagination';
import type { PanelProps } from '../panel';
import { Unavailable } from '../Unavailable';
import { FeedbackFilters } from './FeedbackFilters';
import { FeedbackImport } from './FeedbackImport';
import { FeedbackTable } from './FeedbackTable';
import { LabelDistribution } from './LabelDistribution';
import { saveBlob } from '../../utils/download';

const PAGE_SIZE = 25;

/** Labels people gave: searchable and filterable, with their distribution; curators relabel, delete and import. */
const FeedbackPanel = ({ model, permissions }: PanelProps) => {
  const t = useT();
  const api = useApi();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const [filters, setFilters] = useState<Filters>({ page: 1 });
  const [search, setSearch] = useState('');
  const debouncedSearch = useDebounce(search, 300);
  const [datasets, setDatasets] = useState<string[]>([]);
  const load = useCallback(
    () =>
      api.listFeedback(model.slug, {
        ...filters,
        q: debouncedSearch.trim() || undefined,
        pageSize: PAGE_SIZE,
      }),
    [api, model.slug, filters, debouncedSearch]
  );
  const { data, error, isLoading, reload } = useResource(load);
  const loadGivers = useCallback(() => api.feedbackGivers(model.slug), [api, model.slug]);
  const givers = useResource(loadGivers);

  // Datasets offered by the filter: every one seen so far (a filtered answer names fewer).
  useEffect(() => {
    const seen = Object.keys(data?.meta.stats.byDataset ?? {});
    setDatasets((known) =>
      seen.every((d) => known.includes(d)) ? known : [...new Set([...known, ...seen])].sort()
    );
  }, [data]);

  const refresh = () => {
    void reload();
    void givers.reload();
  };
  const relabel = async (entry: FeedbackEntry, label: string) => {
    try {
      await api.relabelFeedback(model.slug, entry.documentId, label);
      notifySuccess(t('feedback.relabelled', { label }));
      await reload();
    } catch (e) {
      notifyError(e, 'feedback.relabel.failed');
    }
  };
  const remove = async (entry: FeedbackEntry, reason?: string) => {
    try {
      await api.deleteFeedback(model.slug, entry.documentId, reason);
      notifySuccess(t('feedback.deleted'));
      refresh();
    } catch (e) {
      notifyError(e, 'feedback.delete.failed');
    }
  };
  const exportAs = async (format: 'jsonl' | 'csv') => {
    try {
      saveBlob(
        await api.exportFeedback(model.slug, format, {
          ...filters,
          q: debouncedSearch.trim() || undefined,
        }),
        `${model.slug}-feedback.${format}`
      );
    } catch (e) {
      notifyError(e, 'feedback.export.failed');
    }
  };

  if (error) return <Unavailable error={error} />;
  const pagination = data?.meta.pagination;

  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      <Card title={t('feedback.filters')}>
        <FeedbackFilters
          value={filters}
          onChange={setFilters}
          labels={model.labels}
          datasets={datasets}
          givers={givers.data ?? []}
          search={search}
          onSearch={(v) => {
            setSearch(v);
            setFilters((f) => ({ ...f, page: 1 }));
          }}
        />
      </Card>
      <Card
        title={t('feedback.distribution')}
        subtitle={data ? t('feedback.total', { count: data.meta.stats.total }) : undefined}
      >
        {data ? (
          <LabelDistribution byLabel={data.meta.stats.byLabel} labels={model.labels} />
        ) : (
          <Loader small>{t('common.loading')}</Loader>
        )}
      </Card>
      <Card
        title={t('feedback.entries')}
        action={
          <Flex gap={2} wrap="wrap">
            <Button
              variant="tertiary"
              size="S"
              startIcon={<Download />}
              onClick={() => void exportAs('jsonl')}
            >
              {t('feedback.export.jsonl')}
            </Button>
            <Button
              variant="tertiary"
              size="S"
              startIcon={<Download />}
              onClick={() => void exportAs('csv')}
            >
              {t('feedback.export.csv')}
            </Button>
          </Flex>
        }
      >
        <Flex direction="column" alignItems="stretch" gap={4}>
          {data ? (
            <FeedbackTable
              entries={data.data}
              labels={model.labels}
              canEdit={permissions.curate}
              onRelabel={relabel}
              onDelete={remove}
            />
          ) : (
            <Loader small>{t('common.loading')}</Loader>
          )}
          {pagination && (
            <Flex justifyContent="flex-end">
              <PagePagination
                page={pagination.page}
                pageCount={pagination.pageCount}
                onChange={(next) => !isLoading && setFilters({ ...filters, page: next })}
              />
            </Flex>
          )}
        </Flex>
      </Card>
      {permissions.curate && (
        <Card title={t('feedback.import')} subtitle={t('feedback.import.subtitle')}>
          <FeedbackImport slug={model.slug} labels={model.labels} onImported={refresh} />
        </Card>
      )}
    </Flex>
  );
};

export default FeedbackPanel;
