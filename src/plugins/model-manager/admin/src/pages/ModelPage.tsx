import { Box, Flex, Tabs, Typography } from '@strapi/design-system';
import { BackButton, Layouts, Page } from '@strapi/strapi/admin';
import { Suspense, useCallback } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { RollbackAction } from '../components/versions/RollbackAction';
import { ClassBadge } from '../components/ClassBadge';
import { StatusBadge } from '../components/StatusBadge';
import { useApi } from '../hooks/useApi';
import { usePermissions } from '../hooks/usePermissions';
import { useResource } from '../hooks/useResource';
import { useT } from '../hooks/useT';
import { PLUGIN_ID } from '../pluginId';
import { readServerError } from '../utils/errors';
import { isTab, TAB_KEYS, TABS, type TabKey } from './tabs';

/** One model: its versions and lifecycle, comparison, audit, training, upload, feedback, playground. */
const ModelPage = () => {
  const { slug = '', tab: tabParam } = useParams();
  const t = useT();
  const api = useApi();
  const navigate = useNavigate();
  const permissions = usePermissions();
  const tab: TabKey = isTab(tabParam) ? tabParam : 'versions';
  const {
    data: model,
    error,
    reload,
  } = useResource(useCallback(() => api.getModel(slug), [api, slug]));
  const goTo = useCallback(
    (next: TabKey, search = '') =>
      navigate(`/plugins/${PLUGIN_ID}/models/${slug}/${next}${search}`),
    [navigate, slug]
  );

  if (error) {
    const server = readServerError(error);
    return (
      <Page.Error
        content={
          server.status === 404
            ? t('model.notFound', { slug })
            : t('model.error', { message: server.message ?? '' })
        }
      />
    );
  }
  if (!model || permissions.isLoading) return <Page.Loading />;

  const Panel = TABS[tab];
  const subtitle = (
    <Flex gap={2} wrap="wrap" paddingTop={1}>
      <Typography textColor="neutral600">{model.slug}</Typography>
      <Typography textColor="neutral400">·</Typography>
      {model.labels.map((label) => (
        <ClassBadge key={label} label={label} labels={model.labels} />
      ))}
      <Typography textColor="neutral400">·</Typography>
      <Typography textColor="neutral600">{t(`scope.${model.scope}`)}</Typography>
      <Typography textColor="neutral400">·</Typography>
      {model.production ? (
        <Flex gap={2}>
          <Typography textColor="neutral600">
            {t('model.serving', { number: model.production.number })}
          </Typography>
          <StatusBadge status="production" />
        </Flex>
      ) : (
        <Typography textColor="neutral600">{t('model.notServing')}</Typography>
      )}
    </Flex>
  );

  return (
    <Layouts.Root>
      <Page.Title>{model.name}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback={`/plugins/${PLUGIN_ID}`} />}
        title={model.name}
        subtitle={subtitle}
        primaryAction={
          permissions.deploy && model.production ? (
            <RollbackAction model={model} onDone={reload} />
          ) : undefined
        }
      />
      <Layouts.Content>
        {model.description && (
          <Box paddingBottom={4}>
            <Typography textColor="neutral700">{model.description}</Typography>
          </Box>
        )}
        <Tabs.Root value={tab} onValueChange={(value) => goTo(value as TabKey)} variant="simple">
          <Tabs.List aria-label={t('model.tabs')}>
            {TAB_KEYS.map((key) => (
              <Tabs.Trigger key={key} value={key}>
                {t(`tab.${key}`)}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
          <Tabs.Content value={tab}>
            <Box paddingTop={6}>
              <Suspense fallback={<Page.Loading />}>
                <Panel model={model} permissions={permissions} reload={reload} goTo={goTo} />
              </Suspense>
            </Box>
          </Tabs.Content>
        </Tabs.Root>
      </Layouts.Content>
    </Layouts.Root>
  );
};

export default ModelPage;
