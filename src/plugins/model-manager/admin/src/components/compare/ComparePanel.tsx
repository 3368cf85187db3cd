import { EmptyStateLayout, Flex, Grid, Loader } from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useApi } from '../../hooks/useApi';
import { useResource } from '../../hooks/useResource';
import { useT } from '../../hooks/useT';
import { Card } from '../Card';
import type { PanelProps } from '../panel';
import { Unavailable } from '../Unavailable';
import { VersionSelect } from '../VersionSelect';
import { CompareVerdict } from './CompareVerdict';
import { ConfusionMatrix } from './ConfusionMatrix';
import { FlipsTable } from './FlipsTable';
import { MetricsChart } from './MetricsChart';
import { MetricsSideBySide } from './MetricsSideBySide';
import { ReliabilityDiagram } from './ReliabilityDiagram';

const asNumber = (value: string | null) =>
  value && /^\d+$/.test(value) ? Number(value) : undefined;

/** A candidate against production (or any baseline) on the model's evaluation set. */
const ComparePanel = ({ model, permissions, reload }: PanelProps) => {
  const t = useT();
  const api = useApi();
  const [search, setSearch] = useSearchParams();
  const production = model.production?.number;
  const fallback =
    model.versions.find((v) => v.status !== 'production' && v.status !== 'archived') ??
    model.versions[0];
  const candidate = asNumber(search.get('candidate')) ?? fallback?.number;
  const baseline = asNumber(search.get('baseline'));
  // One version (or the same one on both sides): nothing to compare, so nothing is asked.
  const same =
    model.versions.length < 2 ||
    (candidate !== undefined && candidate === (baseline ?? production));
  const load = useCallback(
    () =>
      candidate === undefined || same
        ? Promise.resolve(null)
        : api.compare(model.slug, candidate, baseline),
    [api, model.slug, candidate, baseline, same]
  );
  const { data: comparison, error, isLoading } = useResource(load);
  const choose = (key: 'candidate' | 'baseline') => (value: number | undefined) => {
    const next = new URLSearchParams(search);
    if (value === undefined) next.delete(key);
    else next.set(key, String(value));
    setSearch(next, { replace: true });
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      <Card
        title={t('compare.title')}
        subtitle={
          comparison
            ? t('compare.dataset', { dataset: comparison.dataset, size: comparison.size })
            : undefined
        }
      >
        <Grid.Root gap={4}>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <VersionSelect
              name="candidate"
              label={t('compare.pickCandidate')}
              versions={model.versions}
              value={candidate}
              onChange={choose('candidate')}
            />
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <VersionSelect
              name="baseline"
              label={t('compare.pickBaseline')}
              versions={model.versions}
              value={baseline}
              onChange={choose('baseline')}
              emptyLabel={
                production
                  ? t('compare.production', { number: production })
                  : t('compare.noProduction')
              }
            />
          </Grid.Item>
        </Grid.Root>
      </Card>
      {candidate === undefined ? (
        <EmptyStateLayout
          icon={<EmptyDocuments width="16rem" />}
          content={t('compare.noVersions')}
          hasRadius
          shadow="tableShadow"
        />
      ) : same ? (
        <EmptyStateLayout
          icon={<EmptyDocuments width="16rem" />}
          content={
            model.versions.length < 2
              ? t('compare.single', { number: candidate })
              : t('compare.same', { number: candidate })
          }
          hasRadius
          shadow="tableShadow"
        />
      ) : error ? (
        <Unavailable error={error} />
      ) : isLoading && !comparison ? (
        <Flex justifyContent="center" padding={8}>
          <Loader>{t('common.loading')}</Loader>
        </Flex>
      ) : comparison ? (
        <>
          <CompareVerdict
            model={model}
            comparison={comparison}
            permissions={permissions}
            reload={reload}
          />
          <Card title={t('compare.metrics')}>
            <MetricsSideBySide comparison={comparison} />
          </Card>
          <Card title={t('compare.reliability.title')} subtitle={t('compare.reliability.hint')}>
            <ReliabilityDiagram
              series={[
                {
                  key: 'candidate',
                  name: t('compare.candidate', { number: comparison.candidate.number }),
                  bins: comparison.candidate.metrics.reliability ?? [],
                  ece: comparison.candidate.metrics.ece ?? null,
                },
                ...(comparison.baseline
                  ? [
                      {
                        key: 'baseline',
                        name: t('compare.baseline', { number: comparison.baseline.number }),
                        bins: comparison.baseline.metrics.reliability ?? [],
                        ece: comparison.baseline.metrics.ece ?? null,
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
          <Card title={t('compare.confusion')} subtitle={t('compare.confusion.hint')}>
            <Flex gap={10} wrap="wrap" alignItems="flex-start">
              <ConfusionMatrix
                title={t('compare.candidate', { number: comparison.candidate.number })}
                labels={comparison.labels}
                matrix={comparison.candidate.metrics.confusion}
              />
              {comparison.baseline && (
                <ConfusionMatrix
                  title={t('compare.baseline', { number: comparison.baseline.number })}
                  labels={comparison.labels}
                  matrix={comparison.baseline.metrics.confusion}
                />
              )}
            </Flex>
          </Card>
          <Card
            title={t('compare.flips', {
              count: comparison.flipCounts?.total ?? comparison.flips.length,
            })}
          >
            <FlipsTable comparison={comparison} />
          </Card>
        </>
      ) : null}
      <Card title={t('compare.chart.title')} subtitle={t('compare.chart.hint')}>
        <MetricsChart
          versions={model.versions}
          marked={[candidate, comparison?.baseline?.number ?? production].filter(
            (n): n is number => n !== undefined
          )}
        />
      </Card>
    </Flex>
  );
};

export default ComparePanel;
