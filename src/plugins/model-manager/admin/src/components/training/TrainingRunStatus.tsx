import { Alert, Badge, Box, Button, Flex, Typography } from '@strapi/design-system';
import type { TrainingRunSummary } from '../../../../shared/contracts/training';
import { useT } from '../../hooks/useT';
import { readServerError } from '../../utils/errors';
import type { PanelProps } from '../panel';
import { WideProgressBar } from '../WideProgressBar';

const STATUS_VARIANT = { queued: 'neutral', running: 'primary', succeeded: 'success', failed: 'danger' } as const;

/** A run being watched: live progress and phase, then the version it produced or its error. */
export const TrainingRunStatus = ({ run, pollError, goTo }: { run: TrainingRunSummary; pollError: unknown; goTo: PanelProps['goTo'] }) => {
  const t = useT();
  const percent = Math.round(Math.min(1, Math.max(0, Number(run.progress) || 0)) * 100);
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="training-run">
      <Flex gap={2}>
        <Badge variant={STATUS_VARIANT[run.status]}>{t(`training.status.${run.status}`)}</Badge>
        <Typography variant="pi" textColor="neutral600">
          {t('training.runId', { id: run.documentId })}
        </Typography>
      </Flex>
      <WideProgressBar value={percent} aria-label={t('training.progress')} />
      <Flex justifyContent="space-between">
        <Typography textColor="neutral700">
          {run.phase ? t('training.phase', { phase: run.phase }) : t(`training.status.${run.status}`)}
        </Typography>
        <Typography fontWeight="bold" data-testid="training-percent">
          {t('training.percent', { percent })}
        </Typography>
      </Flex>
      {run.datasetSize !== null && (
        <Typography variant="pi" textColor="neutral600">
          {t('training.dataset', { size: run.datasetSize, hash: (run.datasetHash ?? '').slice(0, 12) })}
        </Typography>
      )}
      {run.status === 'succeeded' && (
        <Alert
          variant="success"
          closeLabel={t('common.close')}
          title={t('training.succeeded.title')}
          action={
            run.version !== undefined ? (
              <Button variant="secondary" size="S" onClick={() => goTo('compare', `?candidate=${run.version}`)}>
                {t('training.compare')}
              </Button>
            ) : undefined
          }
        >
          {run.version !== undefined ? t('training.succeeded', { number: run.version }) : t('training.succeeded.noVersion')}
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
