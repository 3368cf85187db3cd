import { Flex, Loader, Typography } from '@strapi/design-system';
import { useCallback } from 'react';
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
 * A side panel of the Content Manager's edit view, for an entry of a content type the app registered
 * as a subject with a model: the saved entry scored now, the words that pushed it, which version
 * answered, and its tag. It loads again whenever the document is saved (its `updatedAt` changes).
 */
export const SubjectPredictionPanel = ({ model: uid, documentId, document }: EditViewProps) => {
  const t = useT();
  const api = useApi();
  const savedAt = document?.updatedAt ?? null;
  const types = useResource(useCallback(() => api.subjectTypes(), [api]));
  const scoredBy = types.data?.find((type) => type.uid === uid)?.model ?? null;
  const load = useCallback(
    () => api.subjectPrediction(uid, documentId as string),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `savedAt` scores again after each save
    [api, uid, documentId, savedAt]
  );
  const { data, error, isLoading } = useResource(scoredBy && documentId ? load : null);

  if (!scoredBy || !documentId) return null; // not a scored type, no Read action on models, or a new entry
  if (readServerError(error).status === 403) return null;

  const labels = data ? Object.keys(data.data.prediction.probabilities) : [];
  const content = error ? (
    <Typography textColor="danger600" data-testid="subject-prediction-error">
      {t('subject.failed', { message: readServerError(error).message ?? t('errors.unknown') })}
    </Typography>
  ) : !data ? (
    <Loader small>{t('subject.loading')}</Loader>
  ) : (
    <Flex
      direction="column"
      alignItems="stretch"
      gap={3}
      data-testid="subject-prediction"
      data-saved-at={savedAt ?? ''}
      aria-busy={isLoading}
    >
      <Flex gap={2} wrap="wrap">
        <PredictedLabel label={data.data.prediction.label} labels={labels} />
        <Typography textColor="neutral600" variant="pi" data-testid="subject-prediction-version">
          {t('subject.servedBy', {
            model: data.meta.model,
            number: data.meta.version,
            variant: data.meta.variant,
          })}
        </Typography>
      </Flex>
      {data.data.tag !== null && (
        <Typography variant="pi" data-testid="subject-tag">
          {t('subject.tag', { tag: data.data.tag })}
        </Typography>
      )}
      <ProbabilityBars
        probabilities={data.data.prediction.probabilities}
        labels={labels}
        predicted={data.data.prediction.label}
      />
      <ExplainedText
        text={data.data.text}
        tokens={data.data.prediction.explanation?.tokens ?? []}
        predicted={data.data.prediction.label}
        labels={labels}
      />
    </Flex>
  );
  return { title: t('subject.title', { model: scoredBy }), content };
};
