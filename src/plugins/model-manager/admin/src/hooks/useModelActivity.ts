import { useCallback } from 'react';
import type { TrainingRunSummary } from '../../../shared/contracts/training';
import { useApi } from './useApi';
import { useResource } from './useResource';

export interface ModelActivity {
  /** newest training run, null when none; undefined when the server cannot tell */
  lastRun: TrainingRunSummary | null | undefined;
  /** feedback given since the last successful training started (a lower bound when `more`) */
  waiting: { count: number; more: boolean } | undefined;
}

const PAGE = 100;
const newest = (runs: TrainingRunSummary[]) =>
  [...runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null;

/** Last training and feedback waiting for one model; each part is optional (older servers lack the APIs). */
export function useModelActivity(slug: string) {
  const api = useApi();
  const load = useCallback(async (): Promise<ModelActivity> => {
    const [runs, feedback] = await Promise.allSettled([
      api.listTrainingRuns(slug),
      api.listFeedback(slug, { pageSize: PAGE }),
    ]);
    const runList = runs.status === 'fulfilled' ? runs.value : undefined;
    const lastRun = runList ? newest(runList) : undefined;
    let waiting: ModelActivity['waiting'];
    if (feedback.status === 'fulfilled') {
      const lastSuccess = runList
        ? newest(runList.filter((run) => run.status === 'succeeded'))
        : null;
      const since = lastSuccess?.startedAt ?? lastSuccess?.createdAt ?? '';
      const fresh = feedback.value.data.filter((entry) => entry.createdAt > since).length;
      const total = feedback.value.meta.pagination.total;
      waiting = since
        ? { count: fresh, more: fresh === feedback.value.data.length && total > fresh }
        : { count: total, more: false };
    }
    return { lastRun, waiting };
  }, [api, slug]);
  return useResource(load);
}
