import { EmptyStateLayout, Table, Tbody } from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useCallback } from 'react';
import { CreateModelModal } from '../components/models/CreateModelModal';
import { ModelRow } from '../components/models/ModelRow';
import { useApi } from '../hooks/useApi';
import { usePermissions } from '../hooks/usePermissions';
import { useResource } from '../hooks/useResource';
import { type MessageKey, useT } from '../hooks/useT';
import { readServerError } from '../utils/errors';
import { TableHeader } from '../components/TableHeader';

const COLUMNS: MessageKey[] = [
  'models.column.name',
  'models.column.labels',
  'models.column.scope',
  'models.column.production',
  'models.column.training',
  'models.column.feedback',
];

/** The list of models: what serves, when it last trained, how much feedback waits. */
const ModelsPage = () => {
  const t = useT();
  const api = useApi();
  const permissions = usePermissions();
  const { data, error } = useResource(useCallback(() => api.listModels(), [api]));

  if (error)
    return (
      <Page.Error content={t('models.error', { message: readServerError(error).message ?? '' })} />
    );
  if (!data) return <Page.Loading />;
  const models = data.data;

  return (
    <Layouts.Root>
      <Page.Title>{t('models.title')}</Page.Title>
      <Layouts.Header
        title={t('models.title')}
        subtitle={t('models.subtitle', { count: data.meta.pagination.total })}
        primaryAction={permissions.upload ? <CreateModelModal /> : undefined}
      />
      <Layouts.Content>
        {models.length === 0 ? (
          <EmptyStateLayout
            icon={<EmptyDocuments width="16rem" />}
            content={t('models.empty')}
            hasRadius
            shadow="tableShadow"
          />
        ) : (
          <Table colCount={COLUMNS.length} rowCount={models.length + 1}>
            <TableHeader columns={COLUMNS} />
            <Tbody>
              {models.map((model) => (
                <ModelRow key={model.documentId} model={model} />
              ))}
            </Tbody>
          </Table>
        )}
      </Layouts.Content>
    </Layouts.Root>
  );
};

export default ModelsPage;
