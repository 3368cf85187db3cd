import { Badge, Box, Button, Field, Flex, Grid, Textarea, Typography } from '@strapi/design-system';
import { Lightning, Message } from '@strapi/icons';
import { useState } from 'react';
import type { Prediction, PredictionMeta } from '../../../../shared/contracts/predict';
import { useApi } from '../../hooks/useApi';
import { useNotifyError, useNotifySuccess } from '../../hooks/useNotifyError';
import { undecidedReason } from '../../utils/decision';
import { useT } from '../../hooks/useT';
import { Card } from '../Card';
import type { PanelProps } from '../panel';
import { VersionSelect } from '../VersionSelect';
import { ExplainedText } from './ExplainedText';
import { PredictedLabel } from './PredictedLabel';
import { ProbabilityBars } from './ProbabilityBars';
import { WeightList } from './WeightList';

interface Result {
  text: string;
  prediction: Prediction;
  meta: PredictionMeta;
}

/** Type a text, pick a version (production by default), see the label, the odds and the words that decided. */
const PlaygroundPanel = ({ model }: PanelProps) => {
  const t = useT();
  const api = useApi();
  const notifyError = useNotifyError();
  const notifySuccess = useNotifySuccess();
  const [text, setText] = useState('');
  const [version, setVersion] = useState<number | undefined>(
    model.production?.number ?? model.versions[0]?.number
  );
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);

  const predict = async () => {
    setBusy(true);
    try {
      const { data, meta } = await api.predict(model.slug, text, version);
      setResult({ text, prediction: data, meta });
    } catch (error) {
      notifyError(error, 'playground.failed');
    } finally {
      setBusy(false);
    }
  };

  const sendFeedback = async (label: string) => {
    if (!result) return;
    try {
      const undecided = undecidedReason(result.prediction) !== null;
      const { meta } = await api.giveFeedback(model.slug, {
        text: result.text,
        label,
        ...(undecided ? {} : { predictedLabel: result.prediction.label }),
        version: result.meta.version,
      });
      notifySuccess(
        t(meta.updated ? 'playground.feedback.updated' : 'playground.feedback.sent', { label })
      );
    } catch (error) {
      notifyError(error, 'playground.feedback.failed');
    }
  };

  const tokens = result?.prediction.explanation?.tokens ?? [];
  const undecided = result ? undecidedReason(result.prediction) : null;
  return (
    <Grid.Root gap={6}>
      <Grid.Item col={5} s={12} direction="column" alignItems="stretch">
        <Card title={t('playground.title')} subtitle={t('playground.subtitle')}>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Field.Root name="text">
              <Field.Label>{t('playground.text')}</Field.Label>
              <Textarea
                value={text}
                onChange={(e: { target: { value: string } }) => setText(e.target.value)}
                placeholder={t('playground.placeholder')}
                rows={8}
              />
            </Field.Root>
            <VersionSelect
              name="version"
              label={t('playground.version')}
              versions={model.versions}
              value={version}
              onChange={setVersion}
              emptyLabel={t('playground.version.routed')}
            />
            <Flex justifyContent="flex-end">
              <Button
                startIcon={<Lightning />}
                onClick={predict}
                loading={busy}
                disabled={!text.trim()}
              >
                {t('playground.predict')}
              </Button>
            </Flex>
          </Flex>
        </Card>
      </Grid.Item>
      <Grid.Item col={7} s={12} direction="column" alignItems="stretch">
        <Card title={t('playground.result')}>
          {!result ? (
            <Typography textColor="neutral600">{t('playground.empty')}</Typography>
          ) : (
            <Flex direction="column" alignItems="stretch" gap={5} data-testid="prediction">
              <Flex gap={3} wrap="wrap">
                <PredictedLabel
                  label={result.prediction.label}
                  labels={model.labels}
                  undecided={undecided !== null}
                />
                <Typography textColor="neutral600">
                  {t('playground.servedBy', {
                    number: result.meta.version,
                    variant: result.meta.variant,
                    scope: result.meta.scope,
                  })}
                </Typography>
                {result.meta.variant === 'challenger' && (
                  <Badge variant="alternative">{t('status.challenger')}</Badge>
                )}
              </Flex>
              {undecided && (
                <Typography textColor="neutral700" data-testid="undecided-reason">
                  {t(
                    undecided === 'tie'
                      ? 'playground.undecided.tie'
                      : 'playground.undecided.noEvidence'
                  )}
                </Typography>
              )}
              <ProbabilityBars
                probabilities={result.prediction.probabilities}
                labels={model.labels}
                predicted={result.prediction.label}
              />
              <Box>
                <Typography variant="sigma" textColor="neutral600">
                  {t('playground.explanation')}
                </Typography>
                <Box paddingTop={2}>
                  {tokens.length && result.prediction.explanation ? (
                    <Flex direction="column" alignItems="stretch" gap={4}>
                      <ExplainedText
                        text={result.text}
                        tokens={tokens}
                        predicted={result.prediction.label}
                        labels={model.labels}
                      />
                      <WeightList
                        explanation={result.prediction.explanation}
                        predicted={result.prediction.label}
                        labels={model.labels}
                      />
                    </Flex>
                  ) : (
                    <Typography textColor="neutral600">{t('playground.noExplanation')}</Typography>
                  )}
                </Box>
              </Box>
              <Flex gap={2} wrap="wrap" data-testid="send-feedback">
                <Typography variant="pi" textColor="neutral600">
                  {t('playground.feedback')}
                </Typography>
                {model.labels.map((label) => (
                  <Button
                    key={label}
                    variant="secondary"
                    size="S"
                    startIcon={<Message />}
                    onClick={() => void sendFeedback(label)}
                  >
                    {t('playground.feedback.as', { label })}
                  </Button>
                ))}
              </Flex>
            </Flex>
          )}
        </Card>
      </Grid.Item>
    </Grid.Root>
  );
};

export default PlaygroundPanel;
