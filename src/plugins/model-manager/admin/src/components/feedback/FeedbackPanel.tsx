import { Button, Flex, Loader, Typography } from '@strapi/design-system';
import { useDebounce } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState } from 'react';
import type { FeedbackFilters as Filters } from '../../api';
import { useApi } from '../../hooks/useApi';
import { useResource } from '../../hooks/useResource';
import { useT } from '../../hooks/useT';
import { Card } from '../Card';
import type { PanelProps } from '../panel';
import { Unavailable } from '../Unavailable';
import { FeedbackFilters } from './FeedbackFilters';
import { FeedbackTable } from './FeedbackTable';
import { LabelDistribution } from './LabelDistribution';

const PAGE_SIZE = 25;

/** Labels people gave, filterable, with their distribution. */
const FeedbackPanel = ({ model }: PanelProps) => {
  const t = useT();
  const api = useApi();
  const [filters, setFilters] = useState<Filters>({ page: 1 });
  const [giver, setGiver] = useState('');
  const debouncedGiver = useDebounce(giver, 300);
  const [datasets, setDatasets] = useState<string[]>([]);
  const load = useCallback(
    () => api.listFeedback(model.slug, { ...filters, giver: debouncedGiver.trim() || undefined, pageSize: PAGE_SIZE }),
    [api, model.slug, filters, debouncedGiver]
  );
  const { data, error, isLoading } = useResource(load);

  // Datasets offered by the filter: every one seen so far (a filtered answer names fewer).
  useEffect(() => {
    const seen = Object.keys(data?.meta.stats.byDataset ?? {});
    setDatasets((known) => (seen.every((d) => known.includes(d)) ? known : [...new Set([...known, ...seen])].sort()));
  }, [data]);

  if (error) return <Unavailable error={error} />;
  const pagination = data?.meta.pagination;
  const page = pagination?.page ?? 1;

  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      <Card title={t('feedback.filters')}>
        <FeedbackFilters
          value={filters}
          onChange={setFilters}
          labels={model.labels}
          datasets={datasets}
          giver={giver}
          onGiver={(v) => {
            setGiver(v);
            setFilters((f) => ({ ...f, page: 1 }));
          }}
        />
      </Card>
      <Card title={t('feedback.distribution')} subtitle={data ? t('feedback.total', { count: data.meta.stats.total }) : undefined}>
        {data ? (
          <LabelDistribution byLabel={data.meta.stats.byLabel} labels={model.labels} />
        ) : (
          <Loader small>{t('common.loading')}</Loader>
        )}
      </Card>
      <Card
        title={t('feedback.entries')}
        action={
          pagination && pagination.pageCount > 1 ? (
            <Flex gap={2}>
              <Button
                variant="tertiary"
                size="S"
                disabled={page <= 1 || isLoading}
                onClick={() => setFilters({ ...filters, page: page - 1 })}
              >
                {t('common.previous')}
              </Button>
              <Typography variant="pi">{t('common.pageOf', { page, count: pagination.pageCount })}</Typography>
              <Button
                variant="tertiary"
                size="S"
                disabled={page >= pagination.pageCount || isLoading}
                onClick={() => setFilters({ ...filters, page: page + 1 })}
              >
                {t('common.next')}
              </Button>
            </Flex>
          ) : undefined
        }
      >
        {data ? <FeedbackTable entries={data.data} labels={model.labels} /> : <Loader small>{t('common.loading')}</Loader>}
      </Card>
    </Flex>
  );
};

export default FeedbackPanel;
