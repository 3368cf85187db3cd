import { Badge, Box, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import type { ListModels, ModelSummary } from '../../../shared/contracts/models';
import { PLUGIN_ID } from '../pluginId';
import { getTranslation } from '../utils/getTranslation';

export const ModelsPage = () => {
  const { formatMessage } = useIntl();
  const { get } = useFetchClient();
  const [models, setModels] = useState<ModelSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    get<ListModels.Response>(`/${PLUGIN_ID}/models?pagination[pageSize]=100`)
      .then(({ data }) => setModels(data.data))
      .catch((e: Error) => setError(e.message));
  }, [get]);

  if (error) {
    return <Page.Error>{formatMessage({ id: getTranslation('models.error'), defaultMessage: 'Could not load the models: {message}' }, { message: error })}</Page.Error>;
  }
  if (!models) return <Page.Loading />;

  const t = (id: string, defaultMessage: string, values?: Record<string, unknown>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values as never);

  return (
    <Layouts.Root>
      <Page.Title>{t('models.title', 'Models')}</Page.Title>
      <Layouts.Header
        title={t('models.title', 'Models')}
        subtitle={t('models.subtitle', '{count} models', { count: models.length })}
      />
      <Layouts.Content>
        {models.length === 0 ? (
          <Box padding={8} background="neutral0" hasRadius shadow="tableShadow">
            <Typography textColor="neutral600">{t('models.empty', 'No model yet.')}</Typography>
          </Box>
        ) : (
          <Table colCount={5} rowCount={models.length + 1}>
            <Thead>
              <Tr>
                <Th><Typography variant="sigma">{t('models.column.name', 'Name')}</Typography></Th>
                <Th><Typography variant="sigma">{t('models.column.slug', 'Slug')}</Typography></Th>
                <Th><Typography variant="sigma">{t('models.column.scope', 'Scope')}</Typography></Th>
                <Th><Typography variant="sigma">{t('models.column.labels', 'Classes')}</Typography></Th>
                <Th><Typography variant="sigma">{t('models.column.production', 'Production')}</Typography></Th>
              </Tr>
            </Thead>
            <Tbody>
              {models.map((model) => (
                <Tr key={model.documentId}>
                  <Td><Typography fontWeight="bold">{model.name}</Typography></Td>
                  <Td><Typography>{model.slug}</Typography></Td>
                  <Td><Badge>{model.scope}</Badge></Td>
                  <Td><Typography>{model.labels.join(', ')}</Typography></Td>
                  <Td>
                    {model.production ? (
                      <Badge active>{t('models.production.version', 'v{number}', { number: model.production.number })}</Badge>
                    ) : (
                      <Typography textColor="neutral500">{t('models.production.none', 'none')}</Typography>
                    )}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Layouts.Content>
    </Layouts.Root>
  );
};
