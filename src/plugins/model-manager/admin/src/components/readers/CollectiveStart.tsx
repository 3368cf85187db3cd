import { Box, Button, EmptyStateLayout, Flex, Loader } from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { useCallback } from 'react';
import { useApi } from '../../hooks/useApi';
import { useResource } from '../../hooks/useResource';
import { useT } from '../../hooks/useT';
import type { PanelProps } from '../panel';
import { Unavailable } from '../Unavailable';
import { labelsSoFar } from './CollectivesList';

/**
 * A collective model with no version yet: what its members labelled so far and when it can
 * train, with Train (and Upload) rather than only "upload a version".
 */
export const CollectiveStart = ({ model, permissions, goTo }: PanelProps) => {
  const t = useT();
  const api = useApi();
  const load = useCallback(
    () => Promise.all([api.collective(model.slug), api.trainingReadiness(model.slug)]),
    [api, model.slug]
  );
  const { data, error } = useResource(load);
  if (error) return <Unavailable error={error} />;
  if (!data)
    return (
      <Flex justifyContent="center" padding={8}>
        <Loader>{t('common.loading')}</Loader>
      </Flex>
    );
  const [collective, readiness] = data;
  const content = [
    t('collective.start.data', {
      members: collective.members,
      labels: labelsSoFar(collective),
      subjects: collective.agreement.subjects,
      kept: collective.agreement.kept,
    }),
    readiness.ready
      ? t('collective.start.ready', { rows: readiness.rows })
      : t('collective.start.notReady', {
          rows: readiness.rows,
          min: readiness.minRows,
          reason: readiness.reason ?? '',
        }),
  ].join(' ');
  return (
    <Box data-testid="collective-start">
      <EmptyStateLayout
        icon={<EmptyDocuments width="16rem" />}
        content={content}
        action={
          <Flex gap={2}>
            {permissions.train && (
              <Button disabled={!readiness.ready} onClick={() => goTo('training')}>
                {t('collective.start.train')}
              </Button>
            )}
            {permissions.upload && (
              <Button variant="secondary" onClick={() => goTo('upload')}>
                {t('versions.empty.upload')}
              </Button>
            )}
          </Flex>
        }
        hasRadius
        shadow="tableShadow"
      />
    </Box>
  );
};
