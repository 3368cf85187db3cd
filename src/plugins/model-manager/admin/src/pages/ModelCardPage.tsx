import { Button, Flex, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { BackButton, Layouts, Page } from '@strapi/strapi/admin';
import { useCallback } from 'react';
import { Link, useParams } from 'react-router-dom';
import { type PeopleField } from '../../../shared/constants';
import { StatusBadge } from '../components/StatusBadge';
import { useApi } from '../hooks/useApi';
import { useNotifyError, useNotifySuccess } from '../hooks/useNotifyError';
import { usePermissions } from '../hooks/usePermissions';
import { useResource } from '../hooks/useResource';
import { useT } from '../hooks/useT';
import { PLUGIN_ID } from '../pluginId';
import { readServerError } from '../utils/errors';
import { EvaluationSection } from '../components/model-card/EvaluationSection';
import { PeopleForm } from '../components/model-card/PeopleForm';
import { ReviewSection } from '../components/model-card/ReviewSection';
import { TrainingSection } from '../components/model-card/TrainingSection';
import { WeakSection } from '../components/model-card/WeakSection';
import { saveBlob } from '../utils/download';

/** A version's model card: people's words first (what it is for), then the evidence the registry holds. */
const ModelCardPage = () => {
  const { slug = '', number: numberParam = '' } = useParams();
  const number = Number(numberParam);
  const t = useT();
  const api = useApi();
  const permissions = usePermissions();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const {
    data: card,
    error,
    reload,
  } = useResource(useCallback(() => api.modelCard(slug, number), [api, slug, number]));

  if (error) return <Page.Error content={readServerError(error).message ?? ''} />;
  if (!card || permissions.isLoading) return <Page.Loading />;

  const save = async (data: Record<PeopleField, string>) => {
    try {
      await api.updateModelCard(slug, number, data);
      notifySuccess(t('card.people.saved'));
      await reload();
    } catch (e) {
      notifyError(e, 'card.people.failed');
    }
  };
  const markdown = async () => {
    try {
      saveBlob(await api.modelCardMarkdown(slug, number), `${slug}-v${number}-card.md`);
    } catch (e) {
      notifyError(e, 'card.markdown.failed');
    }
  };

  return (
    <Layouts.Root>
      <Page.Title>{t('card.title', { slug, number })}</Page.Title>
      <Layouts.Header
        navigationAction={
          <BackButton fallback={`/plugins/${PLUGIN_ID}/models/${slug}/versions/${number}`} />
        }
        title={t('card.title', { slug, number })}
        subtitle={
          <Flex gap={2} paddingTop={1}>
            <StatusBadge status={card.version.status as never} trafficShare={null} />
            <Typography textColor="neutral600">{card.model.name}</Typography>
            <Link to={`/plugins/${PLUGIN_ID}/models/${slug}/versions/${number}`}>
              {t('version.title', { slug, number })}
            </Link>
          </Flex>
        }
        primaryAction={
          <Button variant="secondary" startIcon={<Download />} onClick={markdown}>
            {t('card.markdown')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <PeopleForm card={card} canEdit={!!permissions.upload} onSave={save} />
          <Typography textColor="neutral600">{t('card.evidence.hint')}</Typography>
          <TrainingSection card={card} />
          <EvaluationSection card={card} />
          <WeakSection card={card} />
          <ReviewSection card={card} />
        </Flex>
      </Layouts.Content>
    </Layouts.Root>
  );
};

export { ModelCardPage };
