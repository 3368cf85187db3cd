import { Alert, Badge, Box, Button, Flex, LinkButton, Typography } from '@strapi/design-system';
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import type { TrainingRunSummary } from '../../../../shared/contracts/training';
import { useT } from '../../hooks/useT';
import { PLUGIN_ID } from '../../pluginId';
import { readServerError } from '../../utils/errors';
import { formatDuration } from '../../utils/format';
import type { PanelProps } from '../panel';
import { WideProgressBar } from '../WideProgressBar';
import { LossChart } from './LossChart';

const STATUS_VARIANT = {
  queued: 'neutral',
  running: 'primary',
  succeeded: 'success',
  failed: 'danger',
} as const;

/** Elapsed time of a run: to its end, or to now (ticking) while it runs. */
function useElapsed(run: TrainingRunSummary): number | null {
  const [now, setNow] = useState(Date.now());
  const running = !run.finishedAt && !!run.startedAt;
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  if (!run.startedAt) return null;
  return (run.finishedAt ? Date.parse(run.finishedAt) : now) - Date.parse(run.startedAt);
}

/** A run being watched: live progress in words, the loss falling, then the version it produced or its error. */
export const TrainingRunStatus = ({
  slug,
  run,
  pollError,
  goTo,
}: {
  slug: string;
  run: TrainingRunSummary;
  pollError: unknown;
  goTo: PanelProps['goTo'];
}) => {
  const t = useT();
  const intl = useIntl();
  const elapsed = useElapsed(run);
  const percent = Math.round(Math.min(1, Math.max(0, Number(run.progress) || 0)) * 100);
  const phase =
    run.status === 'running' || run.status === 'queued'
      ? t('training.phaseName', { phase: run.phase ?? run.status })
      : t(`training.status.${run.status}`);
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="training-run">
      <Flex gap={2} wrap="wrap">
        <Badge variant={STATUS_VARIANT[run.status]}>{t(`training.status.${run.status}`)}</Badge>
        <Typography variant="pi" textColor="neutral600" data-testid="training-started-by">
          {t('training.startedBy', {
            name: run.requestedBy ?? t('training.someone'),
            at: intl.formatDate(run.startedAt ?? run.createdAt, {
              dateStyle: 'medium',
              timeStyle: 'short',
            }),
          })}
        </Typography>
        {elapsed !== null && (
          <Typography variant="pi" textColor="neutral600" data-testid="training-duration">
            {t('training.duration', { duration: formatDuration(intl, elapsed) })}
          </Typography>
        )}
      </Flex>
      <WideProgressBar value={percent} aria-label={t('training.progress')} />
      <Flex justifyContent="space-between">
        <Typography textColor="neutral700" data-testid="training-phase">
          {phase}
        </Typography>
        <Typography fontWeight="bold" data-testid="training-percent">
          {t('training.percent', { percent })}
        </Typography>
      </Flex>
      {run.datasetSize !== null && (
        <Typography variant="pi" textColor="neutral600">
          {t('training.dataset', {
            size: run.datasetSize,
            hash: (run.datasetHash ?? '').slice(0, 12),
          })}
        </Typography>
      )}
      {run.sources && (
        <Typography variant="pi" textColor="neutral600" data-testid="training-sources">
          {t('training.sources', {
            origins: Object.entries(run.sources.byOrigin)
              .filter(([, n]) => n.rows > 0)
              .map(([origin, n]) => `${origin} ${n.rows} / ${n.subjects}`)
              .join(', '),
            readers:
              run.sources.readers.policy === 'excluded'
                ? t('training.sources.excluded', {
                    labels: run.sources.readers.labels,
                    accounts: run.sources.readers.accounts,
                  })
                : t('training.sources.aggregated', {
                    kept: run.sources.readers.subjectsKept,
                    accounts: run.sources.readers.weightedAccounts,
                    weight: run.sources.readers.weight,
                  }),
          })}
        </Typography>
      )}
      {run.parameters?.algorithm === 'naive-bayes' ? (
        <Typography variant="pi" textColor="neutral600" data-testid="training-no-loss">
          {t('training.loss.none')}
        </Typography>
      ) : (
        <LossChart curve={run.lossCurve ?? []} />
      )}
      {run.status === 'succeeded' && (
        <Alert
          variant="success"
          closeLabel={t('common.close')}
          title={t('training.succeeded.title')}
          action={
            run.version !== undefined ? (
              <Flex gap={2}>
                <LinkButton
                  variant="secondary"
                  size="S"
                  tag={NavLink}
                  to={`/plugins/${PLUGIN_ID}/models/${slug}/versions/${run.version}`}
                  data-testid="training-version-link"
                >
                  {t('training.openVersion', { number: run.version })}
                </LinkButton>
                <Button
                  variant="tertiary"
                  size="S"
                  onClick={() => goTo('compare', `?candidate=${run.version}`)}
                >
                  {t('training.compare')}
                </Button>
              </Flex>
            ) : undefined
          }
        >
          {run.version !== undefined
            ? t('training.succeeded', { number: run.version })
            : t('training.succeeded.noVersion')}
        </Alert>
      )}
      {run.status === 'failed' && (
        <Alert variant="danger" closeLabel={t('common.close')} title={t('training.failed.title')}>
          {run.error ?? t('errors.unknown')}
        </Alert>
      )}
      {pollError ? (
        <Box>
          <Typography variant="pi" textColor="danger600">
            {t('training.pollError', { message: readServerError(pollError).message ?? '' })}
          </Typography>
        </Box>
      ) : null}
    </Flex>
  );
};
