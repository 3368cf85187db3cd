import { EmptyStateLayout } from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { readServerError } from '../utils/errors';
import { useT } from '../hooks/useT';

/** A panel whose endpoint failed: a missing endpoint (404) is told apart from other errors. */
export const Unavailable = ({ error }: { error: unknown }) => {
  const t = useT();
  const server = readServerError(error);
  // 404: no such endpoint (yet); 409: the model's state says no (e.g. no evaluation set), in the server's words.
  const content =
    server.status === 404
      ? t('common.unavailable', { message: server.message ?? '404' })
      : server.status === 409 && server.message
        ? server.message
        : t('common.loadFailed', { message: server.message ?? t('errors.unknown') });
  return (
    <EmptyStateLayout
      icon={<EmptyDocuments width="16rem" />}
      content={content}
      hasRadius
      shadow="tableShadow"
    />
  );
};
