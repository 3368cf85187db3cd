import { Flex, Loader, Typography } from '@strapi/design-system';
import { useCallback } from 'react';
import { UIDS } from '../../../../shared/constants';
import { useApi } from '../../hooks/useApi';
import { useResource } from '../../hooks/useResource';
import { useT } from '../../hooks/useT';
import { readServerError } from '../../utils/errors';
import { ExplainedText } from '../playground/ExplainedText';
import { PredictedLabel } from '../playground/PredictedLabel';
import { ProbabilityBars } from '../playground/ProbabilityBars';

interface EditViewProps {
  model: string;
  documentId?: string;
  document?: { updatedAt?: string | null };
}

/**
 * A side panel of the Content Manager's Article edit view: the saved article scored by the
 * partisan model, the words that pushed it, which version answered, and the author's tag.
 * It loads again whenever the document is saved (its `updatedAt` changes).
 */
export const ArticlePredictionPanel = ({ model, documentId, document }: EditViewProps) => {
  const t = useT();
  const api = useApi();
  const savedAt = document?.updatedAt ?? null;
  const isArticle = model === UIDS.article && Boolean(documentId);
  const load = useCallback(() => api.articlePrediction(documentId as string), [api, documentId, savedAt]);
  const { data, error, isLoading } = useResource(isArticle ? load : null);

  if (!isArticle) return null;
  const denied = readServerError(error).status === 403;
  if (denied) return null; // no Read action on models: nothing to show, nothing to ask for

  const labels = data ? Object.keys(data.data.prediction.probabilities) : [];
  const content = error ? (
    <Typography textColor="danger600" data-testid="article-prediction-error">
      {t('article.failed', { message: readServerError(error).message ?? t('errors.unknown') })}
    </Typography>
  ) : !data ? (
    <Loader small>{t('article.loading')}</Loader>
  ) : (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="article-prediction" data-saved-at={savedAt ?? ''} aria-busy={isLoading}>
      <Flex gap={2} wrap="wrap">
        <PredictedLabel label={data.data.prediction.label} labels={labels} />
        <Typography textColor="neutral600" variant="pi" data-testid="article-prediction-version">
          {t('article.servedBy', { model: data.meta.model, number: data.meta.version, variant: data.meta.variant })}
        </Typography>
      </Flex>
      <Typography variant="pi" data-testid="article-author-tag">
        {t('article.authorTag', { tag: data.data.tag ?? 'none' })}
      </Typography>
      <ProbabilityBars probabilities={data.data.prediction.probabilities} labels={labels} predicted={data.data.prediction.label} />
      <ExplainedText text={data.data.text} tokens={data.data.prediction.explanation?.tokens ?? []} predicted={data.data.prediction.label} labels={labels} />
    </Flex>
  );
  return { title: t('article.title'), content };
};
