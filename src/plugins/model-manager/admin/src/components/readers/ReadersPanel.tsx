import { Flex, Grid, Loader, Typography } from '@strapi/design-system';
import { useCallback } from 'react';
import { useApi } from '../../hooks/useApi';
import { useResource } from '../../hooks/useResource';
import { useT } from '../../hooks/useT';
import { Card } from '../Card';
import type { PanelProps } from '../panel';
import { Unavailable } from '../Unavailable';
import { CollectiveCard } from './CollectiveCard';
import { CollectivesList } from './CollectivesList';
import { CreateCollectiveModal } from './CreateCollectiveModal';
import { OutcomesCard } from './OutcomesCard';
import { ReaderTextsCard } from './ReaderTextsCard';
import { ShadowCard } from './ShadowCard';

/** Issue 11 for editors: readers' personal models (counts; texts when granted), outcomes per variant, the shadow, a collective's agreement. */
const ReadersPanel = ({ model, permissions, goTo }: PanelProps) => {
  const t = useT();
  const api = useApi();
  const load = useCallback(async () => {
    const [readers, outcomes, collective] = await Promise.all([
      api.personalReaders(model.slug),
      api.outcomes(model.slug),
      model.scope === 'collective' ? api.collective(model.slug) : Promise.resolve(null),
    ]);
    return { readers, outcomes, collective };
  }, [api, model]);
  const { data, error, reload } = useResource(load);

  if (error) return <Unavailable error={error} />;
  if (!data)
    return (
      <Flex justifyContent="center" padding={8}>
        <Loader>{t('common.loading')}</Loader>
      </Flex>
    );
  const { readers, outcomes, collective } = data;
  return (
    <Grid.Root gap={6}>
      <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
        <Card title={t('readers.personal.title')} subtitle={t('readers.personal.subtitle')}>
          <Typography variant="alpha" tag="p" data-testid="personal-readers">
            {readers.readers}
          </Typography>
          <Typography textColor="neutral600" data-testid="personal-active">
            {t('readers.personal.active', { active: readers.active, readers: readers.readers })}
          </Typography>
        </Card>
      </Grid.Item>
      <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
        <Card title={t('readers.shadow.title')} subtitle={t('readers.shadow.subtitle')}>
          <ShadowCard
            key={outcomes.shadow.version ?? 'none'}
            model={model}
            shadow={outcomes.shadow}
            permissions={permissions}
            onDone={reload}
          />
        </Card>
      </Grid.Item>
      {permissions.readTexts && (
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <Card title={t('readers.texts.title')} subtitle={t('readers.texts.subtitle')}>
            <ReaderTextsCard slug={model.slug} />
          </Card>
        </Grid.Item>
      )}
      <Grid.Item col={12} direction="column" alignItems="stretch">
        <Card title={t('readers.outcomes.title')} subtitle={t('readers.outcomes.subtitle')}>
          <OutcomesCard outcomes={outcomes} onVersions={() => goTo('versions')} />
        </Card>
      </Grid.Item>
      {model.scope === 'global' && (
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <Card
            title={t('readers.collective.createTitle')}
            subtitle={t('readers.collective.createSubtitle')}
            action={
              <CreateCollectiveModal
                base={model}
                disabledReason={permissions.upload ? null : 'actions.why.noUpload'}
              />
            }
          >
            <CollectivesList base={model.slug} canTrain={permissions.train} />
          </Card>
        </Grid.Item>
      )}
      {collective && (
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <Card title={t('readers.collective.title')}>
            <CollectiveCard collective={collective} />
          </Card>
        </Grid.Item>
      )}
    </Grid.Root>
  );
};

export default ReadersPanel;
