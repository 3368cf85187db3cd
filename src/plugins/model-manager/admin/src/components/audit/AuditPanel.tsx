import { Flex, Grid, Loader } from '@strapi/design-system';
import { useCallback } from 'react';
import { useApi } from '../../hooks/useApi';
import { useResource } from '../../hooks/useResource';
import { useT } from '../../hooks/useT';
import { Card } from '../Card';
import type { PanelProps } from '../panel';
import { Unavailable } from '../Unavailable';
import { AuditTimeline } from './AuditTimeline';
import { ServedAtLookup } from './ServedAtLookup';

/** The model's audit trail and the "what served when" lookup. */
const AuditPanel = ({ model }: PanelProps) => {
  const t = useT();
  const api = useApi();
  // Keyed on the model object: a rollback from the page header reloads the model, and the trail with it.
  const { data: events, error } = useResource(
    useCallback(() => api.getAudit(model.slug), [api, model])
  );

  if (error) return <Unavailable error={error} />;
  if (!events)
    return (
      <Flex justifyContent="center" padding={8}>
        <Loader>{t('common.loading')}</Loader>
      </Flex>
    );
  return (
    <Grid.Root gap={6}>
      <Grid.Item col={7} s={12} direction="column" alignItems="stretch">
        <Card title={t('audit.title')} subtitle={t('audit.subtitle', { count: events.length })}>
          <AuditTimeline events={events} />
        </Card>
      </Grid.Item>
      <Grid.Item col={5} s={12} direction="column" alignItems="stretch">
        <Card title={t('audit.servedAt.title')}>
          <ServedAtLookup slug={model.slug} revision={events} />
        </Card>
      </Grid.Item>
    </Grid.Root>
  );
};

export default AuditPanel;
