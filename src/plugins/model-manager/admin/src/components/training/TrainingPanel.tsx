import { Field, Flex, Toggle, Typography } from '@strapi/design-system';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { CreateTrainingRunInput } from '../../../../shared/contracts/training';
import { useApi } from '../../hooks/useApi';
import { useNotifyError } from '../../hooks/useNotifyError';
import { useResource } from '../../hooks/useResource';
import { useT } from '../../hooks/useT';
import { useTrainingRun } from '../../hooks/useTrainingRun';
import { Card } from '../Card';
import type { PanelProps } from '../panel';
import { Unavailable } from '../Unavailable';
import { TrainingForm } from './TrainingForm';
import { TrainingRunStatus } from './TrainingRunStatus';
import { TrainingRunsTable } from './TrainingRunsTable';

/** Start a run with parameters, watch it live, and see the model's runs. */
const TrainingPanel = ({ model, permissions, reload, goTo }: PanelProps) => {
  const t = useT();
  const api = useApi();
  const notifyError = useNotifyError();
  // ?run=<documentId> (the version page's link to its run) watches that run
  const [search] = useSearchParams();
  const [watching, setWatching] = useState<string | null>(search.get('run'));
  const [starting, setStarting] = useState(false);
  const runs = useResource(useCallback(() => api.listTrainingRuns(model.slug), [api, model.slug]));
  const { run, error: pollError, isDone } = useTrainingRun(watching);
  // Asked before Start is offered: the server would refuse a run on short data anyway.
  const readiness = useResource(
    useCallback(() => api.trainingReadiness(model.slug), [api, model.slug])
  );

  // Opening the tab while a run is in flight watches it.
  useEffect(() => {
    const active = runs.data?.find((r) => r.status === 'queued' || r.status === 'running');
    if (active && !watching) setWatching(active.documentId);
  }, [runs.data, watching]);

  // A finished run changes the versions and the list of runs.
  const { reload: reloadRuns } = runs;
  useEffect(() => {
    if (isDone) void Promise.all([reload(), reloadRuns()]);
  }, [isDone, reload, reloadRuns]);
  const blocked = readiness.data
    ? readiness.data.ready
      ? null
      : t('training.blocked', { reason: readiness.data.reason ?? '' })
    : readiness.error
      ? null
      : t('training.checkingData');

  // Readers' labels train the model only if it opts in, and then as capped votes (docs/training.md).
  const setTrainOnReaders = async (trainOnReaders: boolean) => {
    try {
      await api.updateModel(model.slug, { trainOnReaders });
      await Promise.all([reload(), readiness.reload()]);
    } catch (error) {
      notifyError(error, 'training.readers.failed');
    }
  };

  const start = async (input: CreateTrainingRunInput) => {
    setStarting(true);
    try {
      const queued = await api.startTraining(model.slug, input);
      setWatching(queued.documentId);
      void reloadRuns();
    } catch (error) {
      notifyError(error, 'training.startFailed');
    } finally {
      setStarting(false);
    }
  };

  const current = run && (
    <Card title={t('training.current')}>
      <TrainingRunStatus slug={model.slug} run={run} pollError={pollError} goTo={goTo} />
    </Card>
  );

  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      {/* a run in flight comes first, so its progress shows without scrolling past the form */}
      {run && !isDone && current}
      <Card title={t('training.title')} subtitle={t('training.subtitle')}>
        {permissions.train ? (
          <>
            {readiness.data && (
              <Typography variant="pi" textColor="neutral600" data-testid="training-data">
                {t('training.data', {
                  rows: readiness.data.rows,
                  labels:
                    Object.entries(readiness.data.byLabel)
                      .map(([label, n]) => `${label} ${n}`)
                      .join(', ') || '—',
                  min: readiness.data.minRows,
                })}
              </Typography>
            )}
            <Field.Root name="trainOnReaders" hint={t('training.readers.hint')}>
              <Field.Label>{t('training.readers')}</Field.Label>
              <Toggle
                data-testid="train-on-readers"
                checked={model.trainOnReaders}
                onChange={(e: { target: { checked: boolean } }) =>
                  void setTrainOnReaders(e.target.checked)
                }
                onLabel={t('common.on')}
                offLabel={t('common.off')}
              />
              <Field.Hint />
            </Field.Root>
            <TrainingForm
              onStart={start}
              busy={starting}
              blocked={blocked}
              rows={readiness.data?.rows}
            />
          </>
        ) : (
          <Typography textColor="neutral600">{t('training.noPermission')}</Typography>
        )}
      </Card>
      {run && isDone && current}
      <Card title={t('training.runs')}>
        {runs.error ? (
          <Unavailable error={runs.error} />
        ) : runs.data ? (
          <TrainingRunsTable runs={runs.data} onWatch={setWatching} />
        ) : null}
      </Card>
    </Flex>
  );
};

export default TrainingPanel;
